"""The main window: its frame, menus, file actions, the questions it asks and its side tabs."""

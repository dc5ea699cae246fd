"""The main window: its frame, menus, file actions and the questions it asks."""

"""The main window: its frame, menus, file actions, questions, the open document and undo."""

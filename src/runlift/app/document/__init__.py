"""The open document: what is on screen, where it is saved, who else saved it, and undo."""

"""The plan on paper: print, PDF export and their words."""

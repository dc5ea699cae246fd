"""The Send panels: Google, CalDAV, the feed and the watch."""

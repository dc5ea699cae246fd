"""The subscribable feed: served over HTTP, or written to a folder for a web host."""

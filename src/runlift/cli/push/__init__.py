"""Calendar pushes on the command line: ``google …`` and ``caldav …``, and what a push prints."""

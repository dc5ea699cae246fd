"""Session content: the steps of each run and the words that describe it."""

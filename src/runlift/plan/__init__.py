"""The training domain: pure, typed and deterministic. No clock, no files, no Qt."""

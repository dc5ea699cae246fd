"""Stage 1 of the engine, the week targets: how big each week is and how long its long run."""

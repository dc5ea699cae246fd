"""Stage 3 of the engine, strength: the exercise library and the sessions placed around the runs."""

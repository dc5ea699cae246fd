"""Stage 2 of the engine, the week layout: which day holds which run, race week included."""

"""Stage 4 of the engine, the rule check: every rule of DOMAIN.md reported by its id."""

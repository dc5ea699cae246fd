"""The runner's edits: applied to a generated plan, replayed after a settings change, in words."""

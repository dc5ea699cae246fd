"""The setup form: the runner's race and week, one field per setting, and the plan's name."""

"""The selected session's details and the rule report."""

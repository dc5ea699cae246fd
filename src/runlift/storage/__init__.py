"""Storage: the plan document, app paths and secrets. No Qt here."""

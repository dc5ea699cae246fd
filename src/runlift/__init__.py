"""RunLift: a combined running + strength plan toward a race, delivered to your calendars."""

__version__ = "0.1.0"

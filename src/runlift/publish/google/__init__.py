"""Google Calendar: signing in, the event resource, and the push."""

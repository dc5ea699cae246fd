"""Publishing: plan → calendar events → .ics file, feed, Google Calendar, CalDAV, watch. No Qt."""

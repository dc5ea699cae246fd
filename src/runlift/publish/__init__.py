"""Publishing: plan → calendar events → .ics file, feed, Google Calendar. No Qt here."""

"""CalDAV calendars (iCloud, Fastmail, Nextcloud, any RFC 4791 server): account, discovery, push."""

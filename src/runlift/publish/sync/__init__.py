"""What every pushed calendar shares: the diff of plan against calendar, the retries."""

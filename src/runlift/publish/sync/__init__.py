"""What every pushed calendar shares: the push loop, the diff, the retries."""

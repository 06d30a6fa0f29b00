"""Events: the outbox relay, the analytics projection and dead letters."""

"""Redis adapters: cache, idempotency records and rate-limit counters on one client."""

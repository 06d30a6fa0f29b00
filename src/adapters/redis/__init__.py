"""Redis adapters: cache and rate-limit counters on one client (never needed for correctness)."""

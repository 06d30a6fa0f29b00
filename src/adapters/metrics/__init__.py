"""Metrics adapters: Prometheus and a no-op."""

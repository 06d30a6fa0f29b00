"""Payments: create, charge, capture, refund, reconcile, and provider notices."""

"""EventBus adapters."""

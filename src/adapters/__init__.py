"""Technology adapters, one folder per family; only the composition root (containers/) imports them."""

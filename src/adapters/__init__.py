"""Technology adapters, one folder per family; only containers.py imports them."""

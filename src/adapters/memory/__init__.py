"""In-process adapters of the local profile."""

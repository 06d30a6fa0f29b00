"""In-process adapters for the local and test profiles."""

"""Template engines."""

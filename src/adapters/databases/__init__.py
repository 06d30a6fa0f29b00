"""Database connection adapters (QueryableDatabase port) for the database factory."""

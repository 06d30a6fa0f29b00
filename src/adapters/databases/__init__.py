"""The database factory's MongoDB member (QueryableDatabase port); the SQL members are in adapters/sql."""

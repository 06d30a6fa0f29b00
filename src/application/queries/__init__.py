"""Queries: the named query catalog and running it on the databases of the factory."""

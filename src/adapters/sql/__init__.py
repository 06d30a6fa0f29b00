"""Every SQLAlchemy adapter: the engine, tables, repositories, outbox, idempotency, the query
catalog, the database factory's SQL members and SQL analytics, on MySQL, PostgreSQL, SQLite."""

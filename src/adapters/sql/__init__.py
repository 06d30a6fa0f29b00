"""SQLAlchemy adapters: tables, repositories, outbox and idempotency on MySQL, PostgreSQL, SQLite."""

"""AnalyticsStore on MongoDB (Beanie) and the event projection every store shares; SQL analytics is in adapters/sql."""

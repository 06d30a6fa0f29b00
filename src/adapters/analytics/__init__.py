"""AnalyticsStore adapters: event projections with rollups, on MongoDB (Beanie) or SQL."""

"""Notification channel adapters (NotificationChannel port)."""

"""Notification use cases beyond one immediate send: templates, preferences, schedules, receipts."""

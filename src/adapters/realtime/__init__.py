"""Realtime fan-out to WebSocket connections."""

"""Webhooks to the merchant: endpoints, fan-out from the event bus, durable signed delivery."""

"""Payment gateway adapters (PaymentGateway port)."""

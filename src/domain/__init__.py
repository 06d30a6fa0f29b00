"""The pure model of payments and notifications: no framework, no I/O."""

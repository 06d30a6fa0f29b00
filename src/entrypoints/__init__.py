"""Ways in: the HTTP app, the WebSocket listener and the command line."""

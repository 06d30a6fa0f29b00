"""The configuration files, shipped in the wheel as package data (read with importlib.resources)."""

"""Settings, defaults and grid layouts."""

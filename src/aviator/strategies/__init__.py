"""Betting strategies: the built-ins and the user's own, found by name."""

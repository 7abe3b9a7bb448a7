"""Readers over the recorded data, the same on every backend."""

"""Collectors: turn what the worker sees into records (rounds, phases, thresholds, RGB)."""

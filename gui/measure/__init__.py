"""Measuring on this machine's GPU: the worker hub and what it shows (predicted against measured,
the max batch search, this machine)."""

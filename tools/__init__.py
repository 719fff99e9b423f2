"""Maintenance scripts of the repository, run as ``python -m tools.<name>`` from its root."""

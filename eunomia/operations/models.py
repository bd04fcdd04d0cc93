"""The operations log, events and campaigns (issue 14): filled in by its own work."""

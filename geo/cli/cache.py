"""`geo cache` commands (to be filled in by its issue)."""

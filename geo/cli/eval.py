"""`geo eval` commands (to be filled in by its issue)."""

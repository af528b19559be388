"""`geo map` commands (to be filled in by its issue)."""

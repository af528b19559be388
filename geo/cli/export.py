"""`geo export` commands (to be filled in by its issue)."""

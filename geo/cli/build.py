"""`geo build` commands (to be filled in by its issue)."""

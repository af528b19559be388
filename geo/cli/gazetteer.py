"""`geo gazetteer` commands (to be filled in by its issue)."""

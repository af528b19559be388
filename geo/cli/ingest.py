"""`geo ingest` commands (to be filled in by its issue)."""

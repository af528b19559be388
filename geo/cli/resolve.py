"""`geo resolve` (filled in by the gazetteer work)."""

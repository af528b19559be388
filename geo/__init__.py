"""Incidents: sources, extraction, resolution, the store, exports and the `geo` CLI."""

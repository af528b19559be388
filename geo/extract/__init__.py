"""Extraction from report text: dates, places, event types, status, actors."""

"""Incidents: the schema, drafts, event-aware merging and derived uncertainty areas."""

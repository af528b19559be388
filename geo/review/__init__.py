"""Analyst review: the decisions file, applying it on every build, the review queue, and
turning QGIS edits into decisions (docs/review.md)."""

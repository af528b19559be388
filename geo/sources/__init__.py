"""Readers for article files and incident tables."""

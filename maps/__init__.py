"""Rendering: interactive (folium) and static (matplotlib) maps, and the shared style."""

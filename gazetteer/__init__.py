"""Places: the place record, name normalization, the index and its tiers."""

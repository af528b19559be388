"""Resolution: the chain over the gazetteer and opt-in geocoders, and placing relative locations."""

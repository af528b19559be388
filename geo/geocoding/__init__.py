"""Online geocoders through geopy: settings, politeness, and the persistent cache."""

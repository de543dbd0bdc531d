"""Back-office forms. They only validate and shape input: the writes go through the services."""

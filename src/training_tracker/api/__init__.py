"""HTTP: thin routers that parse, call a service and shape the v1 response."""

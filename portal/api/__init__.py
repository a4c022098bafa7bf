"""Open data: read-only JSON and CSV endpoints and their OpenAPI description."""

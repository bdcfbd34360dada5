"""Kooperacja API: FastAPI app, GraphQL schema, REST endpoints, auth and the CLI."""

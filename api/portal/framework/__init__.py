"""The portal's framework: session, CSRF, GraphQL operations, rendering, routing (see ../README.md)."""

"""The GraphQL API: per-request context, schema composition, hardening."""

"""The append-only, hash-chained audit trail of client data, kept apart from the graph."""

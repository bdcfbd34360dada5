"""Directory read services (search, territorial scope) and writes, below the GraphQL adapters in api/directory/."""

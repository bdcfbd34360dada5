"""The cross-institution client workflow as domain logic: rules, views, the service.

Nothing here knows GraphQL or HTTP: ``api/clients`` adapts it.  The service
reads and writes only through the store's named queries (``clients_*``).
"""

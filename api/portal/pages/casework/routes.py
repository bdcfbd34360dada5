"""Placeholder."""
from api.portal.framework.routing import portal_router

router = portal_router()

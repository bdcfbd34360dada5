"""GraphQL of partnerships, meetings, action plans and PARTNER surveys (issue 14)."""

// Search relevance bench: every (service, category, parent category or '') triple (ground truth).
MATCH (s:Service)-[:IN_CATEGORY]->(c:ServiceCategory)
RETURN s.id AS id, c.id AS cat, coalesce(c.parent, '') AS parent

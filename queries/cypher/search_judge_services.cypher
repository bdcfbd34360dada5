// Search relevance bench: every service with its institution and the institution's type (ground truth).
MATCH (i:Institution)-[:OFFERS]->(s:Service)
RETURN s.id AS id, i.id AS institution, i.type AS type

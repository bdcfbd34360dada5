// Directory: the categories of each of the given services (a DataLoader batch).
MATCH (s:Service)-[:IN_CATEGORY]->(c:ServiceCategory)
WHERE s.id IN $ids
RETURN s.id AS service, c.id AS id, c.name AS name, c.parent AS parent, c.taxonomy AS taxonomy
ORDER BY service, id

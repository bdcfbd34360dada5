// Directory: every service category with its parent and the number of services in it.
MATCH (c:ServiceCategory)
OPTIONAL MATCH (s:Service)-[:IN_CATEGORY]->(c)
RETURN c.id AS id, c.name AS name, c.parent AS parent, c.taxonomy AS taxonomy, count(s) AS services
ORDER BY id

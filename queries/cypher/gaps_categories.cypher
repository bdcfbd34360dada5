// Gap analysis projection: the service categories (the needs of the coverage matrix).
MATCH (c:ServiceCategory)
RETURN c.id AS id, c.name AS name, c.parent AS parent
ORDER BY id

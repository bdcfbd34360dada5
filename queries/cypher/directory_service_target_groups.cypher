// Directory: the target groups of each of the given services (a DataLoader batch).
MATCH (s:Service)-[:FOR_GROUP]->(g:TargetGroup)
WHERE s.id IN $ids
RETURN s.id AS service, g.id AS id, g.name AS name
ORDER BY service, id

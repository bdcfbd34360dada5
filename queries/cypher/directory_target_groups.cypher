// Directory: every target group with the number of services for it.
MATCH (g:TargetGroup)
OPTIONAL MATCH (s:Service)-[:FOR_GROUP]->(g)
RETURN g.id AS id, g.name AS name, count(s) AS services
ORDER BY id

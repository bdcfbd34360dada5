// Gap analysis projection: the target groups (the needs of the coverage matrix).
MATCH (g:TargetGroup)
RETURN g.id AS id, g.name AS name
ORDER BY id

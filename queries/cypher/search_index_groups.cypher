// Search index: the target groups of the given services ($ids), by name.
UNWIND $ids AS sid
MATCH (s:Service {id: sid})-[:FOR_GROUP]->(g:TargetGroup)
RETURN s.id AS id, g.name AS name

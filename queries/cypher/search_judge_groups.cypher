// Search relevance bench: every (service, target group) pair (ground truth).
MATCH (s:Service)-[:FOR_GROUP]->(g:TargetGroup)
RETURN s.id AS id, g.id AS grp

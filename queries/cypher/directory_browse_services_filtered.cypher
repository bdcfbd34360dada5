// Directory service search without text or territory (browsing the whole graph), with category / target-group / competence filters:
// one page in an allow-listed order ($sort, $reverse).
// No keyword UNWIND and no aggregation: over every row those cost more than the filters.
// Filters: $catAny (any of), $catAll1..3 (each must hold; '' = unused), $catNone (none of);
// a parent category covers its children; target groups likewise ($grp…); $competences (any of).
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE ($openOnly = false OR (s.status = 'active' AND coalesce(s.free_places, 1) > 0))
  AND i.valid_to IS NULL AND s.valid_to IS NULL
  AND ($anyCompetence OR EXISTS { MATCH (i)-[:HAVE_COMPETENCE]->(cp:Competence) WHERE cp.id IN $competences })
  AND ($catAnyOff OR EXISTS { MATCH (s)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id IN $catAny OR c.parent IN $catAny })
  AND ($catAll1 = '' OR EXISTS { MATCH (s)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id = $catAll1 OR c.parent = $catAll1 })
  AND ($catAll2 = '' OR EXISTS { MATCH (s)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id = $catAll2 OR c.parent = $catAll2 })
  AND ($catAll3 = '' OR EXISTS { MATCH (s)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id = $catAll3 OR c.parent = $catAll3 })
  AND ($catNoneOff OR NOT EXISTS { MATCH (s)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id IN $catNone OR c.parent IN $catNone })
  AND ($grpAnyOff OR EXISTS { MATCH (s)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id IN $grpAny })
  AND ($grpAll1 = '' OR EXISTS { MATCH (s)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id = $grpAll1 })
  AND ($grpAll2 = '' OR EXISTS { MATCH (s)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id = $grpAll2 })
  AND ($grpAll3 = '' OR EXISTS { MATCH (s)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id = $grpAll3 })
  AND ($grpNoneOff OR NOT EXISTS { MATCH (s)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id IN $grpNone })
WITH i, s, 0 AS matched, 0.0 AS score
WITH i, s, matched, score,
     CASE $sort WHEN 'relevance' THEN 0.0 - (CASE WHEN $coordinate THEN matched * 1000.0 ELSE 0.0 END + score)
                WHEN 'free_places' THEN 0.0 - coalesce(s.free_places, -1)
                ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN s.name ELSE '' END AS t1
WITH i, s, matched, score, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN s.id AS id, i.id AS institution, score, matched
ORDER BY n1, t1r DESC, t1, s.name, s.id
SKIP $skip LIMIT $limit

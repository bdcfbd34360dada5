// Directory institution list without text or territory (browsing the whole graph), with category / target-group / competence filters:
// the number of matches (all pages).
// No keyword UNWIND and no aggregation: over every row those cost more than the filters.
// Filters: $catAny (any of), $catAll1..3 (each must hold; '' = unused), $catNone (none of);
// a parent category covers its children; target groups likewise ($grp…); $competences (any of).
MATCH (i:Institution)
WHERE ($anyType OR i.type IN $types)
  AND i.valid_to IS NULL
  AND ($anyCompetence OR EXISTS { MATCH (i)-[:HAVE_COMPETENCE]->(cp:Competence) WHERE cp.id IN $competences })
  AND ($catAnyOff OR EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id IN $catAny OR c.parent IN $catAny })
  AND ($catAll1 = '' OR EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id = $catAll1 OR c.parent = $catAll1 })
  AND ($catAll2 = '' OR EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id = $catAll2 OR c.parent = $catAll2 })
  AND ($catAll3 = '' OR EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id = $catAll3 OR c.parent = $catAll3 })
  AND ($catNoneOff OR NOT EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id IN $catNone OR c.parent IN $catNone })
  AND ($grpAnyOff OR EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id IN $grpAny })
  AND ($grpAll1 = '' OR EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id = $grpAll1 })
  AND ($grpAll2 = '' OR EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id = $grpAll2 })
  AND ($grpAll3 = '' OR EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id = $grpAll3 })
  AND ($grpNoneOff OR NOT EXISTS { MATCH (i)-[:OFFERS]->(:Service)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id IN $grpNone })
WITH i, 0 AS matched, 0 AS score
RETURN count(*) AS n

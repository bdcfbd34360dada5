// Directory institution list: the number of matches (all pages), among the given institutions ($ids: those competent for a territory or near it), with category / target-group / competence filters.
// Keys ($keys): one row per (query word, key) with the key's weight (lemma 3 > surface 2 >
// prefix 1); a row matches when at least $minTerms words match.  Negation is written 0.0 - x:
// LadybugDB 0.22 sorts -0.0 before every negative number.  Only the institution ids filter the
// first MATCH: LadybugDB pushes other predicates down to a scan of every service (10x slower),
// so they come after the aggregation.
// Filters: $catAny (any of), $catAll1..3 (each must hold; '' = unused), $catNone (none of);
// a parent category covers its children; target groups likewise ($grp…); $competences (any of).
MATCH (i:Institution)
WHERE i.id IN $ids
UNWIND $keys AS k
WITH i, k WHERE $anyText OR k.key IN i.keywords
WITH i, k.term AS term, max(k.w) AS w
WITH i, count(term) AS matched, sum(w) AS score
WHERE matched >= $minTerms
  AND ($anyType OR i.type IN $types)
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
RETURN count(*) AS n

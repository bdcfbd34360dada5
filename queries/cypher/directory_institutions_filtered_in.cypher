// Directory institution list: one page among the given institutions ($ids: those competent for a territory or near it), with category / target-group / competence filters;
// ranked by keyword score, territorial tier ($tier0 own territory, $tier1 powiat or a unit
// inside, $tier2 voivodeship, else distance only), then distance from ($lat, $lon); allow-listed sort ($sort, $reverse).
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
WITH i, matched, score,
     CASE WHEN i.id IN $tier0 THEN 0 WHEN i.id IN $tier1 THEN 1 WHEN i.id IN $tier2 THEN 2 ELSE 3 END AS tier,
     CASE WHEN i.lat IS NULL OR i.lon IS NULL THEN 100000.0
          ELSE 12742.0 * asin(sqrt(
              sin(radians(i.lat - $lat) / 2) * sin(radians(i.lat - $lat) / 2)
              + cos(radians($lat)) * cos(radians(i.lat)) * sin(radians(i.lon - $lon) / 2) * sin(radians(i.lon - $lon) / 2)))
     END AS km
WITH i, matched, score, tier, km,
     CASE $sort WHEN 'relevance' THEN 0.0 - score WHEN 'distance' THEN km ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN i.name WHEN 'type' THEN i.type WHEN 'city' THEN coalesce(i.city, '') ELSE '' END AS t1
WITH i, matched, score, tier, km, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN i.id AS id, score, matched, tier, km, i.keywords AS keywords
ORDER BY n1, t1r DESC, t1, tier, km, i.name, i.id
SKIP $skip LIMIT $limit

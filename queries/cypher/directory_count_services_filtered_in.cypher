// Directory service search: the number of matches (all pages), among the given institutions ($ids: those competent for a territory or near it), with category / target-group / competence filters.
// Keys ($keys: key, w, unit; $terms: the distinct keys): each query unit – a thesaurus concept or a word – brings its keys
// (the typed expression w 1.0, a synonym 0.9, a spelling variant 0.8); a service's unit weight is
// the best key weight times the field weight stored on INDEXES (name 5 … competence 1).  A row
// matches when any unit matches; with $coordinate (all words wanted) more matched units rank
// first, so services lacking a word fill the page after those having all.  The keys a page's
// services matched (the explanation) come from directory_search_hits.  Negation is written 0.0 - x: LadybugDB 0.22 sorts -0.0 before every negative number.
// Filters: $catAny (any of), $catAll1..3 (each must hold; '' = unused), $catNone (none of);
// a parent category covers its children; target groups likewise ($grp…); $competences (any of).
MATCH (t:SearchKey)-[r:INDEXES]->(s:Service)
WHERE t.term IN $terms
UNWIND $keys AS k
WITH s, r, k, t.term AS term WHERE k.key = term
WITH s, k.unit AS unit, max(r.w * k.w) AS w
WITH s, count(unit) AS matched, sum(w) AS score
MATCH (i:Institution)-[:OFFERS]->(s)
WHERE i.id IN $ids
  AND ($openOnly = false OR (s.status = 'active' AND coalesce(s.free_places, 1) > 0))
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
RETURN count(*) AS n

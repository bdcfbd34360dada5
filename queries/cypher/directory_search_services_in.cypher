// Directory service search: one page among the given institutions ($ids: those competent for a territory or near it), without list filters;
// ranked by matched units, competent before near, keyword score, territorial tier ($tier0 own
// territory, $tier1 powiat or a unit inside, $tier2 voivodeship, else distance only), then distance
// from ($lat, $lon); allow-listed sort ($sort, $reverse).
// Keys ($keys: key, w, unit; $terms: the distinct keys): each query unit – a thesaurus concept or a word – brings its keys
// (the typed expression w 1.0, a synonym 0.9, a spelling variant 0.8); a service's unit weight is
// the best key weight times the field weight stored on INDEXES (name 5 … competence 1).  A row
// matches when any unit matches; with $coordinate (all words wanted) more matched units rank
// first, so services lacking a word fill the page after those having all.  The keys a page's
// services matched (the explanation) come from directory_search_hits.  Negation is written 0.0 - x: LadybugDB 0.22 sorts -0.0 before every negative number.
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
WITH i, s, matched, score,
     CASE WHEN i.id IN $tier0 THEN 0 WHEN i.id IN $tier1 THEN 1 WHEN i.id IN $tier2 THEN 2 ELSE 3 END AS tier,
     CASE WHEN i.lat IS NULL OR i.lon IS NULL THEN 100000.0
          ELSE 12742.0 * asin(sqrt(
              sin(radians(i.lat - $lat) / 2) * sin(radians(i.lat - $lat) / 2)
              + cos(radians($lat)) * cos(radians(i.lat)) * sin(radians(i.lon - $lon) / 2) * sin(radians(i.lon - $lon) / 2)))
     END AS km
WITH i, s, matched, score, tier, km,
     CASE $sort WHEN 'relevance' THEN 0.0 - (CASE WHEN $coordinate THEN matched * 1000.0 ELSE 0.0 END
                                             + CASE WHEN tier < 3 THEN 100.0 ELSE 0.0 END + score)
                WHEN 'free_places' THEN 0.0 - coalesce(s.free_places, -1)
                WHEN 'distance' THEN km ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN s.name ELSE '' END AS t1
WITH i, s, matched, score, tier, km, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN s.id AS id, i.id AS institution, score, matched, tier, km
ORDER BY n1, t1r DESC, t1, tier, km, s.name, s.id
SKIP $skip LIMIT $limit

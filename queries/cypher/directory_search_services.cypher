// Directory service search: one page over the whole graph, without list filters;
// ranked by keyword score; allow-listed sort ($sort, $reverse).
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
WHERE ($openOnly = false OR (s.status = 'active' AND coalesce(s.free_places, 1) > 0))
  AND s.valid_to IS NULL
  AND NOT EXISTS { MATCH (ri:Institution)-[:OFFERS]->(s) WHERE ri.valid_to IS NOT NULL }
WITH s, matched, score,
     CASE $sort WHEN 'relevance' THEN 0.0 - (CASE WHEN $coordinate THEN matched * 1000.0 ELSE 0.0 END + score)
                WHEN 'free_places' THEN 0.0 - coalesce(s.free_places, -1)
                ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN s.name ELSE '' END AS t1
WITH s, matched, score, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
ORDER BY n1, t1r DESC, t1, s.name, s.id
SKIP $skip LIMIT $limit
MATCH (i:Institution)-[:OFFERS]->(s)
RETURN s.id AS id, i.id AS institution, score, matched, n1, t1, t1r, s.name AS name
ORDER BY n1, t1r DESC, t1, name, id

// Directory service search: one page over the whole graph, without list filters;
// ranked by keyword score; allow-listed sort ($sort, $reverse).
// Keys ($keys): one row per (query word, key) with the key's weight (lemma 3 > surface 2 >
// prefix 1); a row matches when at least $minTerms words match.  Negation is written 0.0 - x:
// LadybugDB 0.22 sorts -0.0 before every negative number.  Only the institution ids filter the
// first MATCH: LadybugDB pushes other predicates down to a scan of every service (10x slower),
// so they come after the aggregation.
MATCH (i:Institution)-[:OFFERS]->(s:Service)
UNWIND $keys AS k
WITH i, s, k WHERE $anyText OR k.key IN s.keywords OR k.key IN i.keywords
WITH i, s, k.term AS term, max(CASE WHEN k.key IN s.keywords THEN 2 * k.w ELSE k.w END) AS w
WITH i, s, count(term) AS matched, sum(w) AS score
WHERE matched >= $minTerms
  AND ($openOnly = false OR (s.status = 'active' AND coalesce(s.free_places, 1) > 0))
WITH i, s, matched, score,
     CASE $sort WHEN 'relevance' THEN 0.0 - score WHEN 'free_places' THEN 0.0 - coalesce(s.free_places, -1)
                ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN s.name ELSE '' END AS t1
WITH i, s, matched, score, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN s.id AS id, i.id AS institution, score, matched,
       s.keywords AS keywords, i.keywords AS institution_keywords
ORDER BY n1, t1r DESC, t1, s.name, s.id
SKIP $skip LIMIT $limit

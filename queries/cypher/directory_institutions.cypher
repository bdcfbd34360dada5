// Directory institution list: one page over the whole graph, without list filters;
// ranked by keyword score; allow-listed sort ($sort, $reverse).
// Keys ($keys): one row per (query word, key) with the key's weight (lemma 3 > surface 2 >
// prefix 1); a row matches when at least $minTerms words match.  Negation is written 0.0 - x:
// LadybugDB 0.22 sorts -0.0 before every negative number.  Only the institution ids filter the
// first MATCH: LadybugDB pushes other predicates down to a scan of every service (10x slower),
// so they come after the aggregation.
MATCH (i:Institution)
UNWIND $keys AS k
WITH i, k WHERE $anyText OR k.key IN i.keywords
WITH i, k.term AS term, max(k.w) AS w
WITH i, count(term) AS matched, sum(w) AS score
WHERE matched >= $minTerms
  AND ($anyType OR i.type IN $types)
  AND i.valid_to IS NULL
WITH i, matched, score,
     CASE $sort WHEN 'relevance' THEN 0.0 - score ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN i.name WHEN 'type' THEN i.type WHEN 'city' THEN coalesce(i.city, '') ELSE '' END AS t1
WITH i, matched, score, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN i.id AS id, score, matched, i.keywords AS keywords
ORDER BY n1, t1r DESC, t1, i.name, i.id
SKIP $skip LIMIT $limit

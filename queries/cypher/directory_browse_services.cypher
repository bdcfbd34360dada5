// Directory service search without text or territory (browsing the whole graph), without list filters:
// one page in an allow-listed order ($sort, $reverse).
// No keyword UNWIND and no aggregation: over every row those cost more than the filters.
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE ($openOnly = false OR (s.status = 'active' AND coalesce(s.free_places, 1) > 0))
  AND i.valid_to IS NULL AND s.valid_to IS NULL
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

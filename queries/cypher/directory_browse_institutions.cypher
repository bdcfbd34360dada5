// Directory institution list without text or territory (browsing the whole graph), without list filters:
// one page in an allow-listed order ($sort, $reverse).
// No keyword UNWIND and no aggregation: over every row those cost more than the filters.
MATCH (i:Institution)
WHERE ($anyType OR i.type IN $types)
  AND i.valid_to IS NULL
WITH i, 0 AS matched, 0 AS score
WITH i, matched, score,
     CASE $sort WHEN 'relevance' THEN 0.0 - score ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN i.name WHEN 'type' THEN i.type WHEN 'city' THEN coalesce(i.city, '') ELSE '' END AS t1
WITH i, matched, score, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN i.id AS id, score, matched, i.keywords AS keywords
ORDER BY n1, t1r DESC, t1, i.name, i.id
SKIP $skip LIMIT $limit

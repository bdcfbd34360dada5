// Directory service search without text, among the given institutions ($ids: a territory's competent and near ones), without list filters:
// the number of matches (all pages).
// No keyword UNWIND and no aggregation: over every row those cost more than the filters.
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE i.id IN $ids
  AND ($openOnly = false OR (s.status = 'active' AND coalesce(s.free_places, 1) > 0))
  AND i.valid_to IS NULL AND s.valid_to IS NULL
WITH i, s, 0 AS matched, 0.0 AS score
RETURN count(*) AS n

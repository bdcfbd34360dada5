// Directory institution list without text or territory (browsing the whole graph), without list filters:
// the number of matches (all pages).
// No keyword UNWIND and no aggregation: over every row those cost more than the filters.
MATCH (i:Institution)
WHERE ($anyType OR i.type IN $types)
  AND i.valid_to IS NULL
WITH i, 0 AS matched, 0 AS score
RETURN count(*) AS n

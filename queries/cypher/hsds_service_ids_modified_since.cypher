// HSDS filter modified_after: ids of offered services updated at or after $since (naive UTC).
MATCH (:Institution)-[:OFFERS]->(s:Service)
WHERE s.updated_at >= $since
RETURN DISTINCT s.id AS id

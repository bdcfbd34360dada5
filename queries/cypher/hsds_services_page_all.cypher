// HSDS /services without filters: one page of service ids (offered by an institution), ordered by id.
MATCH (:Institution)-[:OFFERS]->(s:Service)
RETURN DISTINCT s.id AS id
ORDER BY id
SKIP $skip LIMIT $limit

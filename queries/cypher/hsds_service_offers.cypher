// HSDS: the institution offering each of the services $ids (OFFERS read from the service side).
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE s.id IN $ids
RETURN s.id AS service_id, i.id AS institution_id
ORDER BY service_id, institution_id

// Directory facts a referral needs (no client data): the service, its provider and free places.
MATCH (i:Institution)-[:OFFERS]->(v:Service {id: $service_id})
RETURN v.id AS service_id, v.status AS status, v.capacity AS capacity, v.free_places AS free_places,
       i.id AS institution_id, i.type AS institution_type

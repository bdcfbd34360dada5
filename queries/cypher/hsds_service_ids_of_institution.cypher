// HSDS filter organization_id: ids of the services the institution $institution offers.
MATCH (:Institution {id: $institution})-[:OFFERS]->(s:Service)
RETURN DISTINCT s.id AS id

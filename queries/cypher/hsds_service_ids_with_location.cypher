// HSDS filter: ids of services whose institution has an HSDS location (an address, coordinates or a TERYT unit).
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE i.street IS NOT NULL OR i.postal_code IS NOT NULL OR i.city IS NOT NULL OR i.lat IS NOT NULL
   OR i.gmina IS NOT NULL OR EXISTS { MATCH (i)-[:LOCATED_IN]->(:Territory) }
RETURN DISTINCT s.id AS id

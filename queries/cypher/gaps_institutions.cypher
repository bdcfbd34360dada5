// Gap analysis projection: institutions located in the territory ($prefix) or serving a unit in it or above it.
// Returns the SERVES list and the centroid of the gmina it is located in (fallback coordinates).
MATCH (i:Institution)
WHERE i.gmina STARTS WITH $prefix
   OR EXISTS { MATCH (i)-[:SERVES]->(s:Territory) WHERE s.teryt STARTS WITH $prefix OR $prefix STARTS WITH s.teryt }
OPTIONAL MATCH (i)-[:SERVES]->(t:Territory)
WITH i, collect(DISTINCT t.teryt) AS serves
OPTIONAL MATCH (i)-[:LOCATED_IN]->(g:Territory)
RETURN i.id AS id, i.name AS name, i.type AS type, i.gmina AS gmina, i.lat AS lat, i.lon AS lon,
       g.name AS gmina_name, g.lat AS gmina_lat, g.lon AS gmina_lon, serves,
       i.valid_from AS valid_from, i.valid_to AS valid_to
ORDER BY id

// Gap analysis projection: every institution of the given types ($types), anywhere, with coordinates or its gmina
// centroid: the institutions that could fill a gap.
MATCH (i:Institution)
WHERE i.type IN $types
OPTIONAL MATCH (i)-[:LOCATED_IN]->(g:Territory)
OPTIONAL MATCH (i)-[:SERVES]->(t:Territory)
RETURN i.id AS id, i.name AS name, i.type AS type, i.gmina AS gmina, i.lat AS lat, i.lon AS lon,
       g.name AS gmina_name, g.lat AS gmina_lat, g.lon AS gmina_lon, collect(DISTINCT t.teryt) AS serves,
       i.valid_from AS valid_from, i.valid_to AS valid_to
ORDER BY id

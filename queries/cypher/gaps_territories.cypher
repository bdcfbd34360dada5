// Gap analysis projection: the territorial units of a territory (TERYT prefix) and its ancestors.
// $prefix is a TERYT code (2, 4 or 6 digits) or '' for the whole country; the parent comes from WITHIN.
MATCH (t:Territory)
WHERE t.teryt STARTS WITH $prefix OR $prefix STARTS WITH t.teryt
OPTIONAL MATCH (t)-[:WITHIN]->(p:Territory)
RETURN t.teryt AS teryt, t.level AS level, t.name AS name, t.kind AS kind, t.lat AS lat, t.lon AS lon, p.teryt AS parent
ORDER BY teryt

// Territories of the given levels with the name of the unit directly above: the portal's gmina/powiat lookup by name.
MATCH (t:Territory)
WHERE t.level IN $levels
OPTIONAL MATCH (t)-[:WITHIN]->(p:Territory)
RETURN t.teryt AS teryt, t.name AS name, t.level AS level, t.kind AS kind,
       t.lat AS lat, t.lon AS lon, p.teryt AS parent, p.name AS parent_name

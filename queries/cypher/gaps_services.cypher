// Gap analysis projection: services offered by the territory's institutions ($prefix, same scope as gaps_institutions)
// with their categories, target groups and the units they are available in.
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE i.gmina STARTS WITH $prefix
   OR EXISTS { MATCH (i)-[:SERVES]->(x:Territory) WHERE x.teryt STARTS WITH $prefix OR $prefix STARTS WITH x.teryt }
OPTIONAL MATCH (s)-[:IN_CATEGORY]->(c:ServiceCategory)
WITH i, s, collect(DISTINCT c.id) AS categories
OPTIONAL MATCH (s)-[:FOR_GROUP]->(g:TargetGroup)
WITH i, s, categories, collect(DISTINCT g.id) AS groups
OPTIONAL MATCH (s)-[:AVAILABLE_IN]->(t:Territory)
RETURN i.id AS institution, s.id AS id, s.status AS status, categories, groups, collect(DISTINCT t.teryt) AS areas,
       s.valid_from AS valid_from, s.valid_to AS valid_to
ORDER BY id

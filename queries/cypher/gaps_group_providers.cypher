// Gap analysis projection: services for target groups offered by institutions located outside the territory ($prefix)
// but inside its region ($region, a voivodeship code; '-' matches nothing): the nearest providers of an unmet need
// (an ŚDS in the neighbouring city serves a powiat's residents with mental disorders).
MATCH (i:Institution)-[:OFFERS]->(s:Service)-[:FOR_GROUP]->(g:TargetGroup)
WHERE i.gmina STARTS WITH $region AND NOT i.gmina STARTS WITH $prefix
OPTIONAL MATCH (i)-[:LOCATED_IN]->(t:Territory)
RETURN i.id AS id, i.name AS name, i.type AS type, i.gmina AS gmina, i.lat AS lat, i.lon AS lon,
       t.name AS gmina_name, t.lat AS gmina_lat, t.lon AS gmina_lon,
       s.id AS service, s.status AS status, collect(DISTINCT g.id) AS groups,
       i.valid_from AS valid_from, i.valid_to AS valid_to
ORDER BY service

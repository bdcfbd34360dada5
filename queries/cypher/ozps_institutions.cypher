// Ocena zasobów pomocy społecznej (art. 16a uops): the institutions located in the territory ($prefix) or competent
// for the unit itself (a powiat's PCPR seated in the neighbouring city), with their services' places and free places
// and their staff by competence (issue 14).
MATCH (i:Institution)
WHERE i.gmina STARTS WITH $prefix OR EXISTS { MATCH (i)-[:SERVES]->(x:Territory) WHERE x.teryt = $prefix }
OPTIONAL MATCH (i)-[:OFFERS]->(s:Service)
WITH i, sum(coalesce(s.capacity, 0)) AS places, sum(coalesce(s.free_places, 0)) AS free_places,
     count(s) AS services, count(s.capacity) AS services_with_places
OPTIONAL MATCH (i)-[h:HAVE_COMPETENCE]->(c:Competence)
RETURN i.id AS id, i.name AS name, i.type AS type, i.gmina AS gmina, i.valid_to AS valid_to,
       places, free_places, services, services_with_places,
       collect(DISTINCT c.name) AS competences, sum(coalesce(h.staff, 0)) AS staff, count(h) AS competence_entries
ORDER BY type, name, id

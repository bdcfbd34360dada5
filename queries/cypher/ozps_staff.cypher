// Ocena zasobów pomocy społecznej (art. 16a uops): staff counts per competence in the institutions located in the
// territory ($prefix) or competent for it, summed per institution type (issue 14).
MATCH (i:Institution)-[h:HAVE_COMPETENCE]->(c:Competence)
WHERE i.gmina STARTS WITH $prefix OR EXISTS { MATCH (i)-[:SERVES]->(x:Territory) WHERE x.teryt = $prefix }
RETURN i.type AS type, c.id AS competence, c.name AS name, sum(h.staff) AS staff, count(i) AS institutions
ORDER BY type, competence

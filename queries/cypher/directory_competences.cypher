// Directory: every competence with the number of institutions declaring it.
MATCH (c:Competence)
OPTIONAL MATCH (i:Institution)-[:HAVE_COMPETENCE]->(c)
RETURN c.id AS id, c.name AS name, count(i) AS institutions
ORDER BY id

// Directory: the competences (and staff counts) of each of the given institutions, a DataLoader batch.
MATCH (i:Institution)-[r:HAVE_COMPETENCE]->(c:Competence)
WHERE i.id IN $ids
RETURN i.id AS institution, c.id AS id, c.name AS name, r.staff AS staff
ORDER BY institution, id

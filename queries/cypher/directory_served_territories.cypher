// Directory: the territories each of the given institutions serves (SERVES), a DataLoader batch.
MATCH (i:Institution)-[r:SERVES]->(t:Territory)
WHERE i.id IN $ids
RETURN i.id AS institution, t.teryt AS teryt, r.declared AS declared
ORDER BY institution, teryt

// Search index: the competences of the given institutions ($ids), by name.
UNWIND $ids AS iid
MATCH (i:Institution {id: iid})-[:HAVE_COMPETENCE]->(c:Competence)
RETURN i.id AS id, c.name AS name

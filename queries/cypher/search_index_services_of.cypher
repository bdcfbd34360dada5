// Search index: the services offered by the given institutions ($ids) – theirs to re-index
// when an institution's name, type or competences change.
UNWIND $ids AS iid
MATCH (i:Institution {id: iid})-[:OFFERS]->(s:Service)
RETURN s.id AS id

// Search index: the categories of the given services ($ids) with their parent's name ('' for none).
UNWIND $ids AS sid
MATCH (s:Service {id: sid})-[:IN_CATEGORY]->(c:ServiceCategory)
OPTIONAL MATCH (p:ServiceCategory {id: c.parent})
RETURN s.id AS id, c.name AS name, coalesce(p.name, '') AS parent

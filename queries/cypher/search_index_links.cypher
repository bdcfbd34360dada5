// Search index: the stored INDEXES links of the given services ($ids): key, weight, field.
UNWIND $ids AS sid
MATCH (k:SearchKey)-[r:INDEXES]->(s:Service {id: sid})
RETURN k.term AS key, s.id AS id, r.w AS w, r.field AS field

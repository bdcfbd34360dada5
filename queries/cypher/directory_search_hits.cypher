// Directory service search: which of the query's keys ($terms) each service of a page ($ids)
// holds, and in which field – the explanation of a search hit.  Both filters are short lists.
MATCH (t:SearchKey)-[r:INDEXES]->(s:Service)
WHERE t.term IN $terms AND s.id IN $ids
RETURN s.id AS id, t.term AS key, r.field AS field

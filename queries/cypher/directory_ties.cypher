// Directory: declared cooperation ties of the given institutions in both directions
// ('out' = declared by the institution, 'in' = declared by the partner), a DataLoader batch.
MATCH (a:Institution)-[r:COOPERATES_WITH]->(b:Institution)
WHERE a.id IN $ids
RETURN a.id AS institution, b.id AS partner, 'out' AS direction, r.kind AS kind, r.since AS since, r.rating AS rating
UNION ALL
MATCH (a:Institution)<-[r:COOPERATES_WITH]-(b:Institution)
WHERE a.id IN $ids
RETURN a.id AS institution, b.id AS partner, 'in' AS direction, r.kind AS kind, r.since AS since, r.rating AS rating

// Directory: partnerships (interdisciplinary teams, agreements…) each of the given institutions
// shares with another institution, a DataLoader batch.
MATCH (a:Institution)-[:MEMBER_OF]->(p:Partnership)<-[:MEMBER_OF]-(b:Institution)
WHERE a.id IN $ids AND b.id <> a.id
RETURN a.id AS institution, b.id AS partner, p.id AS partnership, p.name AS name, p.type AS type
ORDER BY institution, partner, partnership

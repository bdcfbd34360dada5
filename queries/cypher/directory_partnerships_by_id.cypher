// Directory: partnerships by id with their members (a DataLoader batch).
MATCH (p:Partnership)
WHERE p.id IN $ids
OPTIONAL MATCH (i:Institution)-[m:MEMBER_OF]->(p)
RETURN p.id AS id, p.name AS name, p.type AS type, p.legal_basis AS legal_basis, p.signed AS signed,
       collect(i.id) AS members

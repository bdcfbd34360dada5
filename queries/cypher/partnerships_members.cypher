// Partnerships (issue 14): the memberships of the partnerships $ids, whatever their status (invited, requested,
// active, left), with the member institution's name and type.
MATCH (i:Institution)-[m:MEMBER_OF]->(p:Partnership)
WHERE p.id IN $ids
RETURN p.id AS partnership, i.id AS institution, i.name AS name, i.type AS type, m.role AS role,
       m.status AS status, m.since AS since, m.until AS until
ORDER BY partnership, institution

// Partnerships (issue 14): every partnership, or those with a member among $institutions ([] = all), with their
// coordinator and founding data. Members come from partnerships_members.
MATCH (p:Partnership)
WHERE size($institutions) = 0
   OR EXISTS { MATCH (i:Institution)-[:MEMBER_OF]->(p) WHERE i.id IN $institutions }
RETURN p.id AS id, p.name AS name, p.type AS type, p.legal_basis AS legal_basis, p.signed AS signed,
       p.coordinator AS coordinator, p.founding_document AS founding_document, p.description AS description,
       p.valid_to AS valid_to
ORDER BY id

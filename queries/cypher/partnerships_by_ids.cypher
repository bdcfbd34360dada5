// Partnerships (issue 14): the partnerships with the given ids ($ids).
MATCH (p:Partnership)
WHERE p.id IN $ids
RETURN p.id AS id, p.name AS name, p.type AS type, p.legal_basis AS legal_basis, p.signed AS signed,
       p.coordinator AS coordinator, p.founding_document AS founding_document, p.description AS description,
       p.valid_to AS valid_to
ORDER BY id

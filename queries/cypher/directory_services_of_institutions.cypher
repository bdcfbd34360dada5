// Directory: every service offered by each of the given institutions, by name (a DataLoader batch).
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE i.id IN $ids
RETURN i.id AS institution, s.id AS id, s.name AS name, s.description AS description, s.status AS status,
       s.eligibility AS eligibility, s.min_age AS min_age, s.max_age AS max_age, s.languages AS languages,
       s.cost AS cost, s.schedule AS schedule, s.capacity AS capacity, s.free_places AS free_places,
       s.legal_basis AS legal_basis, s.url AS url, s.email AS email, s.updated_at AS updated_at
ORDER BY institution, name, id

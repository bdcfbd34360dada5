// Gap analysis projection: partnership memberships (MEMBER_OF) of the territory's institutions ($prefix).
MATCH (i:Institution)-[m:MEMBER_OF]->(p:Partnership)
WHERE i.gmina STARTS WITH $prefix
   OR EXISTS { MATCH (i)-[:SERVES]->(x:Territory) WHERE x.teryt STARTS WITH $prefix OR $prefix STARTS WITH x.teryt }
RETURN i.id AS institution, p.id AS partnership, p.name AS name, p.type AS type, p.signed AS signed, m.role AS role,
       m.status AS status, m.since AS since, m.until AS until, p.valid_to AS partnership_valid_to
ORDER BY partnership, institution

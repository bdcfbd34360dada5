// Gap analysis projection: clients registered at an institution of the territory ($prefix), pseudonymous ids only.
MATCH (c:Client)-[:REGISTERED_AT]->(i:Institution)
WHERE i.gmina STARTS WITH $prefix
   OR EXISTS { MATCH (i)-[:SERVES]->(x:Territory) WHERE x.teryt STARTS WITH $prefix OR $prefix STARTS WITH x.teryt }
RETURN c.id AS client, i.id AS institution, c.registered_at AS registered_at, c.target_groups AS target_groups
ORDER BY client, institution

// Persons registered at two or more institutions (the same keyed PESEL hash on several clients), per
// gmina of residence (else of the first registering institution) inside $territory ('' = everywhere).
// Counts only; the caller suppresses small ones. The hash never leaves the query.
MATCH (c:Client)-[:REGISTERED_AT]->(h:Institution)
WHERE c.pesel_hash IS NOT NULL
WITH c.pesel_hash AS person, count(DISTINCT h.id) AS institutions,
     min(coalesce(c.residence_gmina, h.gmina)) AS gmina
WHERE institutions >= 2 AND gmina STARTS WITH $territory
RETURN gmina, count(*) AS persons, sum(institutions) AS registrations
ORDER BY gmina

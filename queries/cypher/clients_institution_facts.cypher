// Directory facts for the statutory rules (no client data): an institution's type, seat gmina and
// the TERYT units it serves (SERVES: an OPS its gmina, a PUP its powiat, a CIS the gminas that run,
// fund or have an agreement with it).
MATCH (i:Institution {id: $institution_id})
OPTIONAL MATCH (i)-[:SERVES]->(t:Territory)
RETURN i.id AS id, i.type AS type, i.gmina AS gmina, collect(t.teryt) AS serves

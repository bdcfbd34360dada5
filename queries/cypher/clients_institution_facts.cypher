// Directory facts for the statutory rules (no client data): an institution's type, seat gmina, register
// entry (a KIS: the wojewoda's register, art. 18a uzs) and
// the TERYT units it serves (SERVES: an OPS its gmina, a PUP its powiat, a CIS the gminas that run,
// fund or have an agreement with it).
MATCH (i:Institution {id: $institution_id})
OPTIONAL MATCH (i)-[:SERVES]->(t:Territory)
RETURN i.id AS id, i.type AS type, i.gmina AS gmina, i.register_id AS register_id, collect(t.teryt) AS serves

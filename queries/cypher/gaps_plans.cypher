// Gap analysis projection: plans (kontrakt socjalny, IPZS, IPUS) overlapping [$date_from, $date_to] whose responsible
// institution belongs to the territory ($prefix), with the client and the participating institutions.
MATCH (p:Plan)-[:RESPONSIBLE]->(i:Institution)
WHERE (p.starts_on IS NULL OR p.starts_on <= $date_to) AND (p.ends_on IS NULL OR p.ends_on >= $date_from)
  AND (i.gmina STARTS WITH $prefix
       OR EXISTS { MATCH (i)-[:SERVES]->(x:Territory) WHERE x.teryt STARTS WITH $prefix OR $prefix STARTS WITH x.teryt })
OPTIONAL MATCH (p)-[:PLAN_FOR]->(c:Client)
WITH p, i, c
OPTIONAL MATCH (o:Institution)-[:PARTICIPATES_IN]->(p)
RETURN p.id AS id, p.type AS type, p.status AS status, p.starts_on AS starts_on, p.ends_on AS ends_on,
       c.id AS client, i.id AS responsible, collect(DISTINCT o.id) AS participants
ORDER BY id

// Gap analysis projection: declared ties (COOPERATES_WITH) between two institutions of the territory ($prefix).
MATCH (a:Institution)-[r:COOPERATES_WITH]->(b:Institution)
WHERE (a.gmina STARTS WITH $prefix
       OR EXISTS { MATCH (a)-[:SERVES]->(x:Territory) WHERE x.teryt STARTS WITH $prefix OR $prefix STARTS WITH x.teryt })
  AND (b.gmina STARTS WITH $prefix
       OR EXISTS { MATCH (b)-[:SERVES]->(y:Territory) WHERE y.teryt STARTS WITH $prefix OR $prefix STARTS WITH y.teryt })
RETURN a.id AS src, b.id AS dst, r.kind AS kind, r.since AS since, r.rating AS rating, r.until AS until
ORDER BY src, dst

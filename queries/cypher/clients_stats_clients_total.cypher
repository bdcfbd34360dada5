// Clients registered in the period, per gmina of the registering institution.
// SCOPE: $territory – a TERYT prefix the caller may see ('' = the whole country, analysts only);
// the period is one calendar year [$period_start, $period_end). Counts only – suppression of small
// cells happens before anything leaves the system (graph/suppression.py).
MATCH (c:Client)-[:REGISTERED_AT]->(i:Institution)
WHERE i.gmina STARTS WITH $territory
  AND c.registered_at >= $period_start AND c.registered_at < $period_end
RETURN i.gmina AS gmina, count(DISTINCT c) AS n
ORDER BY gmina

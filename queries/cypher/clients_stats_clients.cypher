// Clients registered in the period, per gmina of the registering institution and target group.
// SCOPE: $territory – a TERYT prefix the caller may see ('' = the whole country, analysts only);
// the period is one calendar year [$period_start, $period_end). Counts only – suppression of small
// cells happens before anything leaves the system (graph/suppression.py).
MATCH (c:Client)-[:REGISTERED_AT]->(i:Institution)
WHERE i.gmina STARTS WITH $territory
  AND c.registered_at >= $period_start AND c.registered_at < $period_end
UNWIND c.target_groups AS grp
RETURN i.gmina AS gmina, grp AS category, count(DISTINCT c) AS n
ORDER BY gmina, category

// Referrals created in the period (drafts excluded), per gmina of the receiving institution,
// status and outcome ('' when none).
// SCOPE: $territory – a TERYT prefix the caller may see ('' = the whole country, analysts only);
// the period is one calendar year [$period_start, $period_end). Counts only – suppression of small
// cells happens before anything leaves the system (graph/suppression.py).
MATCH (r:Referral)-[:SENT_TO]->(i:Institution)
WHERE i.gmina STARTS WITH $territory AND r.status <> 'draft'
  AND r.created_at >= $period_start AND r.created_at < $period_end
RETURN i.gmina AS gmina, r.status AS status, coalesce(r.outcome, '') AS outcome, count(r) AS n
ORDER BY gmina, status, outcome

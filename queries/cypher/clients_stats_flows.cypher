// Referral flows in the period (drafts excluded): sender → receiver institution, receiver in territory.
// SCOPE: $territory – a TERYT prefix the caller may see ('' = the whole country, analysts only);
// the period is one calendar year [$period_start, $period_end). Counts only – suppression of small
// cells happens before anything leaves the system (graph/suppression.py).
MATCH (s:Institution)<-[:SENT_BY]-(r:Referral)-[:SENT_TO]->(t:Institution)
WHERE t.gmina STARTS WITH $territory AND r.status <> 'draft'
  AND r.created_at >= $period_start AND r.created_at < $period_end
RETURN s.id AS sender_id, t.id AS receiver_id, t.gmina AS gmina, count(r) AS n
ORDER BY gmina, receiver_id, sender_id

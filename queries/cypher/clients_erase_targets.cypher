// Erasure: the client and everything that exists only for it (referrals, plans, consents).
// SCOPE: $institution_id – only the client's home institution (the controller) may erase it.
MATCH (c:Client {id: $client_id})-[:REGISTERED_AT]->(:Institution {id: $institution_id})
OPTIONAL MATCH (r:Referral)-[:FOR_CLIENT]->(c)
WITH c, collect(DISTINCT r.id) AS referral_ids
OPTIONAL MATCH (p:Plan)-[:PLAN_FOR]->(c)
WITH c, referral_ids, collect(DISTINCT p.id) AS plan_ids
OPTIONAL MATCH (k:Consent)-[:CONSENT_OF]->(c)
RETURN c.id AS client_id, referral_ids, plan_ids, collect(DISTINCT k.id) AS consent_ids

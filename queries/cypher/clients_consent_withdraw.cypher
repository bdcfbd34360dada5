// Withdraw a consent (only the client's home institution records it); statutory bases are not
// withdrawable and are left untouched. SCOPE: $institution_id.
MATCH (k:Consent {id: $consent_id})-[:CONSENT_OF]->(c:Client)-[:REGISTERED_AT]->(:Institution {id: $institution_id})
WHERE k.withdrawn_at IS NULL AND k.basis = 'consent'
SET k.withdrawn_at = $now
RETURN k.id AS id

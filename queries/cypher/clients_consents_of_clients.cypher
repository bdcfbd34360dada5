// Bases of sharing (consents and statutory bases) of a batch of clients: the home institution sees
// all of them, a partner only those recorded for itself.
// SCOPE: $institution_id, $today. The client is visible only when registered at the institution, or
// when an active basis (a Consent CONSENT_FOR the institution, not withdrawn, not expired on $today)
// covers it AND the institution has a link to it: a referral it sent, a referral it received (not
// draft/cancelled/rejected), a CIS referral by a PUP it was notified of (art. 12 ust. 1 uzs), a plan
// it is responsible for or takes part in.
// GENERATED: this comment, the visibility predicate on c and every receiver status list come from
// queries/clients_gen.py (python -m queries.clients_gen); edit the template there, not here.
MATCH (k:Consent)-[:CONSENT_OF]->(c:Client)
MATCH (k)-[:CONSENT_FOR]->(f:Institution)
WHERE c.id IN $client_ids
  AND (EXISTS { MATCH (c)-[:REGISTERED_AT]->(:Institution {id: $institution_id}) }
       OR (EXISTS { MATCH (c)<-[:CONSENT_OF]-(kv:Consent)-[:CONSENT_FOR]->(:Institution {id: $institution_id})
                    WHERE kv.withdrawn_at IS NULL AND (kv.valid_until IS NULL OR kv.valid_until >= $today) }
           AND (EXISTS { MATCH (c)<-[:FOR_CLIENT]-(:Referral)-[:SENT_BY]->(:Institution {id: $institution_id}) }
                OR EXISTS { MATCH (c)<-[:FOR_CLIENT]-(rv:Referral)-[:SENT_TO]->(:Institution {id: $institution_id})
                            WHERE rv.status IN ['requested', 'received', 'accepted', 'in-progress', 'on-hold', 'completed', 'failed'] }
                OR EXISTS { MATCH (c)<-[:FOR_CLIENT]-(rn:Referral) WHERE rn.notified_id = $institution_id }
                OR EXISTS { MATCH (c)<-[:PLAN_FOR]-(:Plan)-[:RESPONSIBLE]->(:Institution {id: $institution_id}) }
                OR EXISTS { MATCH (c)<-[:PLAN_FOR]-(:Plan)<-[:PARTICIPATES_IN]-(:Institution {id: $institution_id}) })))
  AND (f.id = $institution_id
       OR EXISTS { MATCH (c)-[:REGISTERED_AT]->(:Institution {id: $institution_id}) })
RETURN k.id AS id, k.basis AS basis, k.purpose AS purpose, k.scope AS scope,
       k.granted_at AS granted_at, k.valid_until AS valid_until, k.withdrawn_at AS withdrawn_at,
       c.id AS client_id, f.id AS institution_id,
       (k.withdrawn_at IS NULL AND (k.valid_until IS NULL OR k.valid_until >= $today)) AS active
ORDER BY client_id, granted_at, id

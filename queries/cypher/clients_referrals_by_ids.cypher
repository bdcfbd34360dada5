// Referrals by id as the calling institution may see them; invisible and unknown ids are absent.
// SCOPE: $institution_id, $today. The client is visible only when registered at the institution, or
// when an active basis (a Consent CONSENT_FOR the institution, not withdrawn, not expired on $today)
// covers it AND the institution has a link to it: a referral it sent, a referral it received (not
// draft/cancelled/rejected), a CIS referral by a PUP it was notified of (art. 12 ust. 1 uzs), a plan
// it is responsible for or takes part in.
// GENERATED: this comment, the visibility predicate on c and every receiver status list come from
// queries/clients_gen.py (python -m queries.clients_gen); edit the template there, not here.
// A referral is visible with its client, and only to the client's home institution, its sender,
// and its receiver once sent (not after cancellation or rejection).
MATCH (r:Referral)-[:FOR_CLIENT]->(c:Client)
WHERE r.id IN $ids
  AND (EXISTS { MATCH (c)-[:REGISTERED_AT]->(:Institution {id: $institution_id}) }
       OR (EXISTS { MATCH (c)<-[:CONSENT_OF]-(kv:Consent)-[:CONSENT_FOR]->(:Institution {id: $institution_id})
                    WHERE kv.withdrawn_at IS NULL AND (kv.valid_until IS NULL OR kv.valid_until >= $today) }
           AND (EXISTS { MATCH (c)<-[:FOR_CLIENT]-(:Referral)-[:SENT_BY]->(:Institution {id: $institution_id}) }
                OR EXISTS { MATCH (c)<-[:FOR_CLIENT]-(rv:Referral)-[:SENT_TO]->(:Institution {id: $institution_id})
                            WHERE rv.status IN ['requested', 'received', 'accepted', 'in-progress', 'on-hold', 'completed', 'failed'] }
                OR EXISTS { MATCH (c)<-[:FOR_CLIENT]-(rn:Referral) WHERE rn.notified_id = $institution_id }
                OR EXISTS { MATCH (c)<-[:PLAN_FOR]-(:Plan)-[:RESPONSIBLE]->(:Institution {id: $institution_id}) }
                OR EXISTS { MATCH (c)<-[:PLAN_FOR]-(:Plan)<-[:PARTICIPATES_IN]-(:Institution {id: $institution_id}) })))
  AND (EXISTS { MATCH (c)-[:REGISTERED_AT]->(:Institution {id: $institution_id}) }
       OR EXISTS { MATCH (r)-[:SENT_BY]->(:Institution {id: $institution_id}) }
       OR r.notified_id = $institution_id
       OR (r.status IN ['requested', 'received', 'accepted', 'in-progress', 'on-hold', 'completed', 'failed']
           AND EXISTS { MATCH (r)-[:SENT_TO]->(:Institution {id: $institution_id}) }))
MATCH (r)-[:SENT_BY]->(s:Institution)
MATCH (r)-[:SENT_TO]->(t:Institution)
OPTIONAL MATCH (r)-[:FOR_SERVICE]->(v:Service)
RETURN r.id AS id, r.status AS status, r.step AS step, r.basis AS basis,
       r.created_at AS created_at, r.updated_at AS updated_at, r.closed_at AS closed_at,
       r.outcome AS outcome, r.applicant AS applicant, r.opinion_by AS opinion_by,
       r.notified_id AS notified_id, c.id AS client_id, s.id AS sender_id, t.id AS receiver_id,
       v.id AS service_id, s.id = $institution_id AS is_sender, t.id = $institution_id AS is_receiver
ORDER BY id

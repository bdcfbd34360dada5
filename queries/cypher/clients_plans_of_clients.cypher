// The plans of a batch of clients that the calling institution may see (home: all; partner: its own).
// SCOPE: $institution_id, $today. The client is visible only when registered at the institution, or
// when an active basis (a Consent CONSENT_FOR the institution, not withdrawn, not expired on $today)
// covers it AND the institution has a link to it: a referral it sent, a referral it received (not
// draft/cancelled/rejected), a CIS referral by a PUP it was notified of (art. 12 ust. 1 uzs), a plan
// it is responsible for or takes part in.
// GENERATED: this comment, the visibility predicate on c and every receiver status list come from
// queries/clients_gen.py (python -m queries.clients_gen); edit the template there, not here.
MATCH (p:Plan)-[:PLAN_FOR]->(c:Client)
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
  AND (EXISTS { MATCH (c)-[:REGISTERED_AT]->(:Institution {id: $institution_id}) }
       OR EXISTS { MATCH (p)-[:RESPONSIBLE]->(:Institution {id: $institution_id}) }
       OR EXISTS { MATCH (p)<-[:PARTICIPATES_IN]-(:Institution {id: $institution_id}) })
MATCH (p)-[:RESPONSIBLE]->(o:Institution)
RETURN p.id AS id, p.type AS type, p.status AS status, p.starts_on AS starts_on, p.ends_on AS ends_on,
       p.goals AS goals, p.applied_on AS applied_on, p.coordination_months AS coordination_months,
       p.approved_by AS approved_by, p.extension_months AS extension_months,
       c.id AS client_id, o.id AS responsible_id,
       o.id = $institution_id AS is_responsible
ORDER BY client_id, starts_on, id

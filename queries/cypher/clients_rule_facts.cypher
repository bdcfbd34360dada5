// The facts the statutory rules need about one visible client: residence gmina, target groups and the
// rights that exclude social employment (art. 1 ust. 3). Read by the domain to decide, never shown.
// SCOPE: $institution_id, $today. The client is visible only when registered at the institution, or
// when an active basis (a Consent CONSENT_FOR the institution, not withdrawn, not expired on $today)
// covers it AND the institution has a link to it: a referral it sent, a referral it received (not
// draft/cancelled/rejected), a CIS referral by a PUP it was notified of (art. 12 ust. 1 uzs), a plan
// it is responsible for or takes part in.
// GENERATED: this comment, the visibility predicate on c and every receiver status list come from
// queries/clients_gen.py (python -m queries.clients_gen); edit the template there, not here.
MATCH (c:Client {id: $client_id})-[:REGISTERED_AT]->(h:Institution)
WHERE (EXISTS { MATCH (c)-[:REGISTERED_AT]->(:Institution {id: $institution_id}) }
       OR (EXISTS { MATCH (c)<-[:CONSENT_OF]-(kv:Consent)-[:CONSENT_FOR]->(:Institution {id: $institution_id})
                    WHERE kv.withdrawn_at IS NULL AND (kv.valid_until IS NULL OR kv.valid_until >= $today) }
           AND (EXISTS { MATCH (c)<-[:FOR_CLIENT]-(:Referral)-[:SENT_BY]->(:Institution {id: $institution_id}) }
                OR EXISTS { MATCH (c)<-[:FOR_CLIENT]-(rv:Referral)-[:SENT_TO]->(:Institution {id: $institution_id})
                            WHERE rv.status IN ['requested', 'received', 'accepted', 'in-progress', 'on-hold', 'completed', 'failed'] }
                OR EXISTS { MATCH (c)<-[:FOR_CLIENT]-(rn:Referral) WHERE rn.notified_id = $institution_id }
                OR EXISTS { MATCH (c)<-[:PLAN_FOR]-(:Plan)-[:RESPONSIBLE]->(:Institution {id: $institution_id}) }
                OR EXISTS { MATCH (c)<-[:PLAN_FOR]-(:Plan)<-[:PARTICIPATES_IN]-(:Institution {id: $institution_id}) })))
RETURN c.id AS id, h.id AS home_id, c.residence_gmina AS residence_gmina, c.target_groups AS target_groups,
       c.benefit_rights AS benefit_rights

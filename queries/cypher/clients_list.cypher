// The clients the calling institution may see, a page at a time (ordered by pseudonymous id).
// SCOPE: $institution_id, $today. The client is visible only when registered at the institution, or
// when an active basis (a Consent CONSENT_FOR the institution, not withdrawn, not expired on $today)
// covers it AND the institution has a link to it: a referral it sent, a referral it received (not
// draft/cancelled/rejected), a CIS referral by a PUP it was notified of (art. 12 ust. 1 uzs), a plan
// it is responsible for or takes part in.
// GENERATED: this comment, the visibility predicate on c and every receiver status list come from
// queries/clients_gen.py (python -m queries.clients_gen); edit the template there, not here.
MATCH (c:Client)-[:REGISTERED_AT]->(h:Institution)
WHERE (EXISTS { MATCH (c)-[:REGISTERED_AT]->(:Institution {id: $institution_id}) }
       OR (EXISTS { MATCH (c)<-[:CONSENT_OF]-(kv:Consent)-[:CONSENT_FOR]->(:Institution {id: $institution_id})
                    WHERE kv.withdrawn_at IS NULL AND (kv.valid_until IS NULL OR kv.valid_until >= $today) }
           AND (EXISTS { MATCH (c)<-[:FOR_CLIENT]-(:Referral)-[:SENT_BY]->(:Institution {id: $institution_id}) }
                OR EXISTS { MATCH (c)<-[:FOR_CLIENT]-(rv:Referral)-[:SENT_TO]->(:Institution {id: $institution_id})
                            WHERE rv.status IN ['requested', 'received', 'accepted', 'in-progress', 'on-hold', 'completed', 'failed'] }
                OR EXISTS { MATCH (c)<-[:FOR_CLIENT]-(rn:Referral) WHERE rn.notified_id = $institution_id }
                OR EXISTS { MATCH (c)<-[:PLAN_FOR]-(:Plan)-[:RESPONSIBLE]->(:Institution {id: $institution_id}) }
                OR EXISTS { MATCH (c)<-[:PLAN_FOR]-(:Plan)<-[:PARTICIPATES_IN]-(:Institution {id: $institution_id}) })))
WITH c, h, h.id = $institution_id AS home,
     EXISTS { MATCH (c)<-[:CONSENT_OF]-(kg:Consent)-[:CONSENT_FOR]->(:Institution {id: $institution_id})
                  WHERE kg.withdrawn_at IS NULL AND (kg.valid_until IS NULL OR kg.valid_until >= $today)
                    AND 'target_groups' IN kg.scope } AS groups_ok,
     EXISTS { MATCH (c)<-[:CONSENT_OF]-(kp:Consent)-[:CONSENT_FOR]->(:Institution {id: $institution_id})
                  WHERE kp.withdrawn_at IS NULL AND (kp.valid_until IS NULL OR kp.valid_until >= $today)
                    AND 'profile' IN kp.scope } AS profile_ok
RETURN c.id AS id,
       h.id AS home_institution_id,
       home AS is_home,
       CASE WHEN home OR groups_ok THEN c.target_groups ELSE NULL END AS target_groups,
       CASE WHEN home OR profile_ok THEN c.birth_year_band ELSE NULL END AS birth_year_band,
       CASE WHEN home OR profile_ok THEN c.sex ELSE NULL END AS sex,
       CASE WHEN home THEN c.registered_at ELSE NULL END AS registered_at,
       CASE WHEN home OR profile_ok THEN c.residence_gmina ELSE NULL END AS residence_gmina
ORDER BY id
SKIP $skip LIMIT $limit

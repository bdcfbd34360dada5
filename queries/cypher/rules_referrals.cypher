// Rule checker (kooperacja check rules), operator only: every referral with its client, sender,
// receiver and the CIS procedure facts.
MATCH (r:Referral)-[:FOR_CLIENT]->(c:Client)
MATCH (r)-[:SENT_BY]->(s:Institution)
MATCH (r)-[:SENT_TO]->(t:Institution)
RETURN r.id AS id, r.status AS status, r.step AS step, r.basis AS basis, r.applicant AS applicant,
       r.opinion_by AS opinion_by, r.notified_id AS notified_id, r.created_at AS created_at,
       c.id AS client_id, s.id AS sender_id, t.id AS receiver_id
ORDER BY id

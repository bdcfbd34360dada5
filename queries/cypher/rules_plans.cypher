// Rule checker (kooperacja check rules), operator only: every plan with its client, responsible
// institution and participants (institution id and role).
MATCH (p:Plan)-[:PLAN_FOR]->(c:Client)
MATCH (p)-[:RESPONSIBLE]->(o:Institution)
OPTIONAL MATCH (p)<-[pi:PARTICIPATES_IN]-(x:Institution)
RETURN p.id AS id, p.type AS type, p.status AS status, p.starts_on AS starts_on, p.ends_on AS ends_on,
       p.applied_on AS applied_on, p.coordination_months AS coordination_months, p.approved_by AS approved_by,
       p.extension_months AS extension_months, c.id AS client_id, o.id AS responsible_id,
       collect({id: x.id, role: pi.role}) AS participants
ORDER BY id

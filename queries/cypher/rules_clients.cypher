// Rule checker (kooperacja check rules), operator only – never a caseworker's scope: every client with
// its registering institution, residence gmina, target groups and excluding rights. No PESEL hash.
MATCH (c:Client)-[:REGISTERED_AT]->(h:Institution)
RETURN c.id AS id, h.id AS home_id, c.residence_gmina AS residence_gmina, c.target_groups AS target_groups,
       c.benefit_rights AS benefit_rights
ORDER BY id

// Rule checker (kooperacja check rules): every zespół interdyscyplinarny with its members' types and
// the territories it covers. No client data.
MATCH (p:Partnership)
WHERE p.type = 'ZESPOL_INTERDYSCYPLINARNY'
OPTIONAL MATCH (i:Institution)-[:MEMBER_OF]->(p)
WITH p, collect(i.type) AS member_types
OPTIONAL MATCH (p)-[:COVERS]->(t:Territory)
RETURN p.id AS id, member_types, collect(t.teryt) AS covers
ORDER BY id

// Rule checker (kooperacja check rules): every institution with its type, seat gmina and the TERYT
// units it serves. No client data.
MATCH (i:Institution)
OPTIONAL MATCH (i)-[:SERVES]->(t:Territory)
RETURN i.id AS id, i.type AS type, i.gmina AS gmina, i.register_id AS register_id, collect(t.teryt) AS serves
ORDER BY id

// HSDS export of one territory: ids of institutions located in the TERYT unit $teryt or below,
// or serving it, a unit below it or a unit above it (a PCPR serving the powiat serves each of its gminas).
MATCH (i:Institution)-[:LOCATED_IN]->(t:Territory)
WHERE t.teryt STARTS WITH $teryt
RETURN i.id AS id
UNION
MATCH (i:Institution)-[:SERVES]->(t:Territory)
WHERE t.teryt STARTS WITH $teryt OR $teryt STARTS WITH t.teryt
RETURN i.id AS id

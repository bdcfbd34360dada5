// HSDS filter teryt (Polish profile): ids of offered services available in the TERYT unit $teryt, a unit
// above it or a unit below it, or offered by an institution located in the unit or below it.
MATCH (:Institution)-[:OFFERS]->(s:Service)-[:AVAILABLE_IN]->(t:Territory)
WHERE t.teryt STARTS WITH $teryt OR $teryt STARTS WITH t.teryt
RETURN DISTINCT s.id AS id
UNION
MATCH (l:Territory)<-[:LOCATED_IN]-(:Institution)-[:OFFERS]->(s:Service)
WHERE l.teryt STARTS WITH $teryt
RETURN DISTINCT s.id AS id

// Institutions competent for a gmina: those that SERVE the gmina itself, its powiat or
// its voivodeship (OPS its gmina, PCPR/PUP their powiat, ROPS its voivodeship, CIS/KIS as declared).
// LadybugDB: substring is 1-based.
MATCH (g:Territory {teryt: $teryt})
MATCH (i:Institution)-[s:SERVES]->(t:Territory)
WHERE t.teryt = g.teryt OR t.teryt = substring(g.teryt, 1, 4) OR t.teryt = substring(g.teryt, 1, 2)
RETURN i.id AS id, i.name AS name, i.type AS type, t.teryt AS via, s.declared AS declared
ORDER BY i.type, i.id

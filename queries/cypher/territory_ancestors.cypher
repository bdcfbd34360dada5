// The powiat and voivodeship above a territory (WITHIN hierarchy), nearest first.
MATCH (g:Territory {teryt: $teryt})-[:WITHIN*1..2]->(t:Territory)
RETURN t.teryt AS teryt, t.name AS name, t.level AS level
ORDER BY size(t.teryt) DESC

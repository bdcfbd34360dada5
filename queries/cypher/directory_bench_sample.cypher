// Directory benchmark: the gmina with the most institutions seated in it (a busy, realistic
// search target), with its centroid.
MATCH (t:Territory {level: 'gmina'})<-[:LOCATED_IN]-(i:Institution)
RETURN t.teryt AS teryt, t.name AS name, count(i) AS institutions
ORDER BY institutions DESC, teryt
LIMIT 1

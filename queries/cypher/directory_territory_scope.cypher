// Directory: a territory, the units above it (powiat, voivodeship) and the units inside it
// (WITHIN hierarchy), with centroids; relation is 'self', 'up' or 'down'.
MATCH (g:Territory {teryt: $teryt})-[:WITHIN*0..2]->(a:Territory)
RETURN a.teryt AS teryt, a.name AS name, a.level AS level, a.kind AS kind, a.lat AS lat, a.lon AS lon,
       CASE WHEN a.teryt = g.teryt THEN 'self' ELSE 'up' END AS relation
UNION ALL
MATCH (g:Territory {teryt: $teryt})<-[:WITHIN*1..2]-(d:Territory)
RETURN d.teryt AS teryt, d.name AS name, d.level AS level, d.kind AS kind, d.lat AS lat, d.lon AS lon,
       'down' AS relation

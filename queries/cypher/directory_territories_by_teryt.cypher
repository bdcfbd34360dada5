// Directory: territories by TERYT code with the code of the unit directly above (a DataLoader batch).
MATCH (t:Territory)
WHERE t.teryt IN $teryts
OPTIONAL MATCH (t)-[:WITHIN]->(p:Territory)
RETURN t.teryt AS teryt, t.name AS name, t.level AS level, t.rodz AS rodz, t.kind AS kind,
       t.lat AS lat, t.lon AS lon, p.teryt AS parent

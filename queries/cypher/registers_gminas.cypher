// Every gmina with its powiat and voivodeship (codes and names), used to resolve the
// gmina codes and names of institution registers and spreadsheets to TERYT keys.
MATCH (g:Territory)-[:WITHIN]->(p:Territory)-[:WITHIN]->(v:Territory)
WHERE g.level = 'gmina'
RETURN g.teryt AS teryt, g.name AS name, g.rodz AS rodz, p.teryt AS powiat,
       p.name AS powiat_name, v.teryt AS woj, v.name AS woj_name
ORDER BY g.teryt

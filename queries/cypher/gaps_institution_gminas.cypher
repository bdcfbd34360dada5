// Gap analysis benchmark: the number of institutions per gmina (to pick the largest voivodeship).
MATCH (i:Institution)
WHERE i.gmina IS NOT NULL
RETURN i.gmina AS gmina, count(*) AS institutions
ORDER BY gmina

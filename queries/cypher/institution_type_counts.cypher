// Number of institutions of each type (all types present in the graph).
MATCH (i:Institution)
RETURN i.type AS type, count(i) AS n
ORDER BY type

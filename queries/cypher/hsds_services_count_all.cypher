// HSDS /services without filters: how many services an institution offers.
MATCH (:Institution)-[:OFFERS]->(s:Service)
RETURN count(DISTINCT s.id) AS n

// HSDS filter taxonomy_id: ids of offered services with a category of the taxonomy named $taxonomy.
MATCH (:Institution)-[:OFFERS]->(s:Service)-[:IN_CATEGORY]->(c:ServiceCategory)
WHERE c.taxonomy = $taxonomy
RETURN DISTINCT s.id AS id

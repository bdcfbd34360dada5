// HSDS filter taxonomy_term_id (a service category): ids of offered services in category $category.
MATCH (:Institution)-[:OFFERS]->(s:Service)-[:IN_CATEGORY]->(:ServiceCategory {id: $category})
RETURN DISTINCT s.id AS id

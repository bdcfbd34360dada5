// HSDS filter taxonomy_term_id (a target group, Polish profile): ids of offered services for group $target_group.
MATCH (:Institution)-[:OFFERS]->(s:Service)-[:FOR_GROUP]->(:TargetGroup {id: $target_group})
RETURN DISTINCT s.id AS id

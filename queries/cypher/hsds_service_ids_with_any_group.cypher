// HSDS filter taxonomy_id of the target-group taxonomy: ids of offered services with any target group.
MATCH (:Institution)-[:OFFERS]->(s:Service)-[:FOR_GROUP]->(:TargetGroup)
RETURN DISTINCT s.id AS id

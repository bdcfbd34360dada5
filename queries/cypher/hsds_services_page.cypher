// HSDS /services and /service_at_locations: one page of service ids (ordered by id) matching every filter.
// Filters ('' or false = off): $org institution id, $category / $target_group term ids, $taxonomy category
// taxonomy name, $any_group (any target group), $since (with $use_since), $teryt (services available in the
// unit, above it or below it, or offered by an institution located in it), $with_location (the institution
// has an HSDS location), $words (per search word: lemma, folded form, prefix key; with $use_search; a word
// matches the service or its institution).
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE ($org = '' OR i.id = $org)
  AND ($category = '' OR EXISTS { MATCH (s)-[:IN_CATEGORY]->(c:ServiceCategory) WHERE c.id = $category })
  AND ($taxonomy = '' OR EXISTS { MATCH (s)-[:IN_CATEGORY]->(c2:ServiceCategory) WHERE c2.taxonomy = $taxonomy })
  AND ($target_group = '' OR EXISTS { MATCH (s)-[:FOR_GROUP]->(g:TargetGroup) WHERE g.id = $target_group })
  AND (NOT $any_group OR EXISTS { MATCH (s)-[:FOR_GROUP]->(g2:TargetGroup) })
  AND (NOT $use_since OR s.updated_at >= $since)
  AND ($teryt = ''
       OR EXISTS { MATCH (s)-[:AVAILABLE_IN]->(t:Territory) WHERE t.teryt STARTS WITH $teryt OR $teryt STARTS WITH t.teryt }
       OR EXISTS { MATCH (i)-[:LOCATED_IN]->(l:Territory) WHERE l.teryt STARTS WITH $teryt })
  AND (NOT $with_location OR i.street IS NOT NULL OR i.postal_code IS NOT NULL OR i.city IS NOT NULL
       OR i.lat IS NOT NULL OR EXISTS { MATCH (i)-[:LOCATED_IN]->(l2:Territory) })
  AND (NOT $use_search OR all(w IN $words WHERE any(k IN w WHERE k IN s.keywords OR k IN i.keywords)))
RETURN DISTINCT s.id AS id
ORDER BY id
SKIP $skip LIMIT $limit

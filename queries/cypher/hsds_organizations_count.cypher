// HSDS /organizations: how many institutions match the filters of hsds_organizations_page.
// Filters ('' or false = off): $teryt (institutions located in the unit or below, or serving it, a unit
// below it or above it), $words (per search word: lemma, folded form, prefix key; with $use_search).
MATCH (i:Institution)
WHERE ($teryt = ''
       OR EXISTS { MATCH (i)-[:LOCATED_IN]->(t:Territory) WHERE t.teryt STARTS WITH $teryt }
       OR EXISTS { MATCH (i)-[:SERVES]->(t2:Territory) WHERE t2.teryt STARTS WITH $teryt OR $teryt STARTS WITH t2.teryt })
  AND (NOT $use_search OR all(w IN $words WHERE any(k IN w WHERE k IN i.keywords)))
RETURN count(i) AS n

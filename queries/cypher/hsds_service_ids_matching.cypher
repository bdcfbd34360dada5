// HSDS search, one query word: ids of offered services whose keywords (or their institution's) hold the
// word's lemma, folded form or prefix key (graph.text.query_terms).
MATCH (i:Institution)-[:OFFERS]->(s:Service)
WHERE $lemma IN s.keywords OR $surface IN s.keywords OR $prefix IN s.keywords
   OR $lemma IN i.keywords OR $surface IN i.keywords OR $prefix IN i.keywords
RETURN DISTINCT s.id AS id

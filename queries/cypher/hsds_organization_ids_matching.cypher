// HSDS /organizations search, one query word: ids of institutions whose keywords hold the word's lemma,
// folded form or prefix key (graph.text.query_terms).
MATCH (i:Institution)
WHERE $lemma IN i.keywords OR $surface IN i.keywords OR $prefix IN i.keywords
RETURN i.id AS id

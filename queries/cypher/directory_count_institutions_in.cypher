// Directory institution list: the number of matches (all pages), among the given institutions ($ids: those competent for a territory or near it), without list filters.
// Keys ($keys): one row per (query word, key) with the key's weight (lemma 3 > surface 2 >
// prefix 1); a row matches when at least $minTerms words match.  Negation is written 0.0 - x:
// LadybugDB 0.22 sorts -0.0 before every negative number.  Only the institution ids filter the
// first MATCH: LadybugDB pushes other predicates down to a scan of every service (10x slower),
// so they come after the aggregation.
MATCH (i:Institution)
WHERE i.id IN $ids
UNWIND $keys AS k
WITH i, k WHERE $anyText OR k.key IN i.keywords
WITH i, k.term AS term, max(k.w) AS w
WITH i, count(term) AS matched, sum(w) AS score
WHERE matched >= $minTerms
  AND ($anyType OR i.type IN $types)
  AND i.valid_to IS NULL
RETURN count(*) AS n

// Search index: which of the given keys ($keys) exist (the spelling-variant lookup of a query).
UNWIND $keys AS key
MATCH (k:SearchKey {term: key})
RETURN k.term AS key

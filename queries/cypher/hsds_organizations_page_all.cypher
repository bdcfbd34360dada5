// HSDS /organizations without filters: one page of institution ids, ordered by id.
MATCH (i:Institution)
RETURN i.id AS id
ORDER BY id
SKIP $skip LIMIT $limit

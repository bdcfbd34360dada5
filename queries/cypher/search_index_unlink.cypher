// Search index: remove the given links ($rows: key, id) – keys a service's text no longer has.
UNWIND $rows AS row
MATCH (k:SearchKey {term: row.key})-[r:INDEXES]->(s:Service {id: row.id})
DELETE r

// Search index: change the weight and field of existing links ($rows: key, id, w, field).
UNWIND $rows AS row
MATCH (k:SearchKey {term: row.key})-[r:INDEXES]->(s:Service {id: row.id})
SET r.w = row.w, r.field = row.field

// Search index: every service id (a full rebuild, in the order of the ids).
MATCH (s:Service)
RETURN s.id AS id
ORDER BY id

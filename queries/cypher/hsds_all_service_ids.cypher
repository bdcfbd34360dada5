// HSDS API id resolution: every service id (HSDS ids of non-UUID ids are derived from them).
MATCH (s:Service)
RETURN s.id AS id

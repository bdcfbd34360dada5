// HSDS API id resolution: every institution id (HSDS ids of non-UUID ids are derived from them).
MATCH (i:Institution)
RETURN i.id AS id

// Directory facts (no client data): the type of an institution, to check who may do what.
MATCH (i:Institution {id: $institution_id})
RETURN i.id AS id, i.type AS type

// Directory: institution profiles by id (a DataLoader batch); keywords are not returned.
MATCH (i:Institution)
WHERE i.id IN $ids
RETURN i.id AS id, i.name AS name, i.type AS type, i.regon AS regon, i.krs AS krs, i.nip AS nip,
       i.register_id AS register_id, i.gmina AS gmina, i.street AS street, i.postal_code AS postal_code,
       i.city AS city, i.lat AS lat, i.lon AS lon, i.phone AS phone, i.email AS email, i.www AS www,
       i.description AS description, i.source AS source, i.updated_at AS updated_at

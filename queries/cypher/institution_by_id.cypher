// One institution's profile by id: name, type, location and contact.
MATCH (i:Institution {id: $id})
RETURN i.id AS id, i.name AS name, i.type AS type, i.gmina AS gmina, i.city AS city,
       i.street AS street, i.postal_code AS postal_code, i.phone AS phone, i.www AS www

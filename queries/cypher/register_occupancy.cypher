// Every edition point of one register (Occupancy nodes): the editions, and which
// institutions and services each edition listed – to order editions and retire homes.
MATCH (o:Occupancy)
WHERE o.register_name = $register
RETURN o.id AS id, o.service AS service, o.institution AS institution,
       o.as_of AS as_of, o.published AS published
ORDER BY o.id

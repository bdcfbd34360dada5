// Search index: the texts of the given services ($ids) and of the institution offering each.
// UNWIND + MATCH on the key: LadybugDB joins with its primary-key index (IN compares every
// service with the whole list: 5x the CPU for 5,000 ids at voivodeship scale).
UNWIND $ids AS sid
MATCH (i:Institution)-[:OFFERS]->(s:Service {id: sid})
RETURN s.id AS id, s.name AS name, s.description AS description, s.eligibility AS eligibility,
       i.id AS institution, i.name AS institution_name, i.type AS type,
       i.description AS institution_description

// Gap analysis projection: referrals created in [$date_from, $date_to) sent by or to an institution of the territory ($prefix).
MATCH (a:Institution)<-[:SENT_BY]-(r:Referral)-[:SENT_TO]->(b:Institution)
WHERE r.created_at >= $date_from AND r.created_at < $date_to
  AND (a.gmina STARTS WITH $prefix OR b.gmina STARTS WITH $prefix
       OR EXISTS { MATCH (a)-[:SERVES]->(x:Territory) WHERE x.teryt STARTS WITH $prefix OR $prefix STARTS WITH x.teryt }
       OR EXISTS { MATCH (b)-[:SERVES]->(y:Territory) WHERE y.teryt STARTS WITH $prefix OR $prefix STARTS WITH y.teryt })
OPTIONAL MATCH (r)-[:FOR_CLIENT]->(c:Client)
OPTIONAL MATCH (r)-[:FOR_SERVICE]->(s:Service)
RETURN r.id AS id, a.id AS sender, b.id AS receiver, c.id AS client, s.id AS service, r.status AS status,
       r.step AS step, r.outcome AS outcome, r.created_at AS created_at, r.closed_at AS closed_at
ORDER BY id

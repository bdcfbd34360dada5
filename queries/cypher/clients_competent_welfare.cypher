// Directory facts (no client data): the OPS/CUS competent for a gmina of residence – seated in it or
// serving it (art. 12 ust. 1–4 of the social-employment act).
MATCH (i:Institution)
WHERE i.type IN ['OPS', 'CUS']
  AND (i.gmina = $gmina OR EXISTS { MATCH (i)-[:SERVES]->(:Territory {teryt: $gmina}) })
RETURN i.id AS id
ORDER BY id

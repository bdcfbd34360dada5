// Directory: institutions competent for any of the given territories (SERVES), with the
// territory through which they are competent and whether the competence is declared (CIS/KIS).
MATCH (t:Territory)<-[r:SERVES]-(i:Institution)
WHERE t.teryt IN $teryts
RETURN i.id AS id, t.teryt AS via, r.declared AS declared
ORDER BY id, via

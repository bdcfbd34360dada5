// Directory: institutions whose coordinates lie in a latitude/longitude box (the prefilter of
// a distance search; the exact great-circle distance is checked by the caller).
MATCH (i:Institution)
WHERE i.lat >= $minLat AND i.lat <= $maxLat AND i.lon >= $minLon AND i.lon <= $maxLon
RETURN i.id AS id, i.lat AS lat, i.lon AS lon
ORDER BY id

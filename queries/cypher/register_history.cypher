// The time series of one institution: places, residents, free places and waiting list per edition.
MATCH (o:Occupancy)
WHERE o.institution = $institution
RETURN o.service AS service, o.as_of AS as_of, o.places AS places, o.residents AS residents,
       o.free_places AS free_places, o.waiting AS waiting
ORDER BY o.as_of, o.service

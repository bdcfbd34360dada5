// Partnerships (issue 14): the meetings of partnership $partnership, newest first.
MATCH (x:Meeting)
WHERE x.partnership = $partnership
RETURN x.id AS id, x.partnership AS partnership, x.held_on AS held_on, x.attendees AS attendees,
       x.agenda AS agenda, x.decisions AS decisions
ORDER BY held_on DESC, id

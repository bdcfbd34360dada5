// Partnerships (issue 14): the survey rounds of partnership $partnership, oldest first.
MATCH (x:SurveyRound)
WHERE x.partnership = $partnership
RETURN x.id AS id, x.partnership AS partnership, x.opened_on AS opened_on, x.closes_on AS closes_on
ORDER BY opened_on, id

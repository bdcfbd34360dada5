// Partnerships (issue 14): the action-plan tasks of partnership $partnership, by goal and deadline.
MATCH (x:PlanTask)
WHERE x.partnership = $partnership
RETURN x.id AS id, x.partnership AS partnership, x.goal AS goal, x.title AS title, x.responsible AS responsible,
       x.due AS due, x.status AS status, x.done_on AS done_on
ORDER BY goal, due, id

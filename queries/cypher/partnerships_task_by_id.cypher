// Partnerships (issue 14): one action-plan task by id ($id).
MATCH (x:PlanTask)
WHERE x.id = $id
RETURN x.id AS id, x.partnership AS partnership, x.goal AS goal, x.title AS title, x.responsible AS responsible,
       x.due AS due, x.status AS status, x.done_on AS done_on

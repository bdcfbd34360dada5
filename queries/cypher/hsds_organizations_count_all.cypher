// HSDS /organizations without filters: how many institutions there are.
MATCH (i:Institution)
RETURN count(i) AS n

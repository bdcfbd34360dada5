// Partnerships (issue 14): every PARTNER rating of partnership $partnership (all rounds).
MATCH (x:PartnerRating)
WHERE x.partnership = $partnership
RETURN x.id AS id, x.round AS round, x.rater AS rater, x.ratee AS ratee, x.reliability AS reliability,
       x.mission AS mission, x.openness AS openness, x.influence AS influence, x.involvement AS involvement,
       x.resources AS resources
ORDER BY round, rater, ratee

// Partnerships (issue 14): every PARTNER rating received by the institutions $ids, with its partnership and round,
// for the trust and value shown on the network map.
MATCH (x:PartnerRating)
WHERE x.ratee IN $ids
RETURN x.partnership AS partnership, x.round AS round, x.rater AS rater, x.ratee AS ratee,
       x.reliability AS reliability, x.mission AS mission, x.openness AS openness,
       x.influence AS influence, x.involvement AS involvement, x.resources AS resources
ORDER BY partnership, round, rater, ratee

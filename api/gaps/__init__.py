"""GraphQL interface of the gap analyses (:mod:`queries.analysis`): ``gapReport`` and its parts."""

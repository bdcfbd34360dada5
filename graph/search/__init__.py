"""Search analysis shared by the index writer and the query side.

``thesaurus.yaml`` (reviewed data) groups Polish expressions of the field into
concepts; :mod:`graph.search.analysis` turns a text into search tokens and
weighted index keys; :mod:`graph.search.index` keeps the ``SearchKey`` nodes
and their ``INDEXES`` links to services in step with every write.
"""

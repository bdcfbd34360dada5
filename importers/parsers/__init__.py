"""Pure parsers of the raw input files (no database): raw file → typed records.

Modules: ``errors`` (ImportValidationError, ImportIssue), ``text`` (fold, name
normalisation), ``teryt`` (TERC CSV/XML/ZIP), ``centroids`` (PRG centroids), ``ops``,
``sds``, ``dps``, ``krs`` (institution lists; re-exported by ``registers``) and
``gmina_match`` (GminaMatcher).
"""

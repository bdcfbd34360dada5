"""Importers of institution registers into the store, one module per source.

``ops_malopolska`` (RJPS export with coordinates), ``ops_slaskie`` (names only),
``sds`` and ``dps`` (voivode's XLSX lists), ``krs`` (KRS JSON extracts).  Each
validates the whole input first, resolves territories against the TERYT units
in the store (:class:`importers.registers.common.Gazetteer`), and writes ONE
atomic batch; each returns an :class:`importers.registers.report.ImportReport`.
"""

"""The API's own state – accounts and the audit trail – apart from the graph.

One small database helper serves both: :class:`api.state.db.StateDatabase`
(a connection, a lock, transactions, ``?`` parameters).  SQLite in the state
directory is the embedded default (:func:`api.state.sqlite.open_sqlite`:
directory 0700 and files 0600 from creation, WAL, busy timeout).  The
interface is what a PostgreSQL backend needs as well (issue 17): the stores
only call ``tx()``/``read()``/``read_one()`` with ``?`` placeholders, and
:data:`api.state.db.IntegrityError` covers both drivers' constraint errors.
"""

"""Open Referral HSDS 3.0 in and out: import, export and the Polish profile (see ``PROFILE.md``).

Import from the modules: :mod:`importers.hsds.importer` (``import_hsds``),
:mod:`importers.hsds.errors`, :mod:`importers.hsds.export`.  This package module
imports nothing, so its submodules can import each other without a cycle.
"""

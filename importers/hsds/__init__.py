"""Open Referral HSDS 3.0 in and out: import, export and the Polish profile (see ``PROFILE.md``)."""

from importers.hsds.errors import HsdsInputError, Issue
from importers.hsds.importer import ImportResult, import_hsds

__all__ = ["HsdsInputError", "Issue", "ImportResult", "import_hsds"]

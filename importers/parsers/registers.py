"""All institution-list parsers in one place (each lives in its own module)."""

from __future__ import annotations

from importers.parsers.dps import DpsFile, DpsRecord, DpsTypeRow, parse_dps_xlsx
from importers.parsers.krs import KrsAddress, KrsRecord, KrsSeat, parse_krs, parse_krs_dir
from importers.parsers.ops import (
    OpsMalopolskaRecord,
    OpsSlaskieRecord,
    parse_ops_malopolska,
    parse_ops_slaskie,
)
from importers.parsers.records import ParsedFile
from importers.parsers.sds import SdsFile, SdsRecord, parse_sds_xlsx

__all__ = [
    "DpsFile",
    "DpsRecord",
    "DpsTypeRow",
    "KrsAddress",
    "KrsRecord",
    "KrsSeat",
    "OpsMalopolskaRecord",
    "OpsSlaskieRecord",
    "ParsedFile",
    "SdsFile",
    "SdsRecord",
    "parse_dps_xlsx",
    "parse_krs",
    "parse_krs_dir",
    "parse_ops_malopolska",
    "parse_ops_slaskie",
    "parse_sds_xlsx",
]

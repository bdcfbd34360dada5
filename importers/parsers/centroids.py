"""Centroids of gminas and powiats (PRG 2020, WGS84), converted to CSV.

Columns: ``JPT_KOD_JE`` (TERYT: 7 digits for gminas, 4 for powiats), ``JPT_NAZWA_``,
``WERSJA_OD``, ``WERSJA_DO``, ``centroid_lon``, ``centroid_lat`` (+ ``commune_type`` for
gminas).  Join gmina centroids to a newer TERC on the 6-digit ``gmina_key``: the 7th digit
changes when a gmina changes type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from importers.parsers._csvutil import parse_float, read_csv_records, shown
from importers.parsers.errors import ImportValidationError
from importers.parsers.teryt import VOIVODESHIP_CODES

__all__ = [
    "LAT_RANGE",
    "LON_RANGE",
    "Centroid",
    "parse_gmina_centroids",
    "parse_powiat_centroids",
]

# Poland's bounding box with a small margin.
LAT_RANGE = (49.0, 55.0)
LON_RANGE = (14.0, 24.2)

_CODE = "JPT_KOD_JE"
_NAME = "JPT_NAZWA_"
_LON = "centroid_lon"
_LAT = "centroid_lat"


@dataclass(frozen=True, slots=True)
class Centroid:
    code: str  # 7-digit TERYT of a gmina or 4-digit powiat code
    name: str
    lat: float
    lon: float
    row: int
    commune_type: str | None = None  # "miejska" | "wiejska" | "miejsko-wiejska" (gminas only)

    @property
    def gmina_key(self) -> str:
        """The 6-digit stable gmina key (only for gmina centroids)."""
        return self.code[:6]


def _parse(path: str | Path, digits: int) -> list[Centroid]:
    p = Path(path)
    pattern = re.compile(rf"^\d{{{digits}}}$")
    out: list[Centroid] = []
    seen: dict[str, int] = {}
    for rec in read_csv_records(p, (_CODE, _NAME, _LON, _LAT)):
        code = rec[_CODE].strip()
        if not pattern.match(code):
            raise ImportValidationError(
                p.name, rec.row, _CODE, f"Kod TERYT musi mieć {digits} cyfr (jest '{shown(code)}')."
            )
        if code[:2] not in VOIVODESHIP_CODES:
            raise ImportValidationError(p.name, rec.row, _CODE, f"Nieznany kod województwa w kodzie {code}.")
        if digits == 7 and code[6] not in "123":
            raise ImportValidationError(
                p.name,
                rec.row,
                _CODE,
                f"Kod {code} nie jest kodem gminy (RODZ musi być 1, 2 lub 3).",
            )
        first = seen.setdefault(code, rec.row)
        if first != rec.row:
            raise ImportValidationError(
                p.name, rec.row, _CODE, f"Powtórzony kod {code} (pierwszy raz w wierszu {first})."
            )
        name = rec[_NAME].strip()
        if not name:
            raise ImportValidationError(p.name, rec.row, _NAME, "Brak nazwy jednostki.")
        lat = parse_float(rec[_LAT], p.name, rec.row, _LAT, *LAT_RANGE)
        lon = parse_float(rec[_LON], p.name, rec.row, _LON, *LON_RANGE)
        commune_type = rec.values.get("commune_type", "").strip() or None
        out.append(Centroid(code, name, lat, lon, rec.row, commune_type))
    if not out:
        raise ImportValidationError(p.name, None, None, "Plik nie zawiera żadnych rekordów.")
    return out


def parse_gmina_centroids(path: str | Path) -> list[Centroid]:
    """``gminy_centroidy_PRG2020.csv`` → one centroid per gmina (7-digit code)."""
    return _parse(path, 7)


def parse_powiat_centroids(path: str | Path) -> list[Centroid]:
    """``powiaty_centroidy_PRG2020.csv`` → one centroid per powiat (4-digit code)."""
    return _parse(path, 4)

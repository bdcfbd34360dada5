"""Seeded mutation fuzzing of every importer parser (reliability scenario S-INJ-05).

Each real input file from ``tests/data`` is damaged in ways real files get
damaged – truncated, bytes flipped, lines dropped or repeated, delimiters and
quotes inserted, re-encoded as Windows-1250, emptied – and handed to its parser.
A parser may accept the file or refuse it with its declared error
(:class:`ImportValidationError`; HSDS reports errors in its dataset), but
never crash with anything else.  The same seed gives the same mutations, so a
failure names a case that reproduces.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from importers.hsds.reader import read_path
from importers.parsers.centroids import parse_gmina_centroids
from importers.parsers.dps import parse_dps_xlsx
from importers.parsers.errors import ImportValidationError
from importers.parsers.krs import parse_krs
from importers.parsers.ops import parse_ops_malopolska, parse_ops_slaskie
from importers.parsers.sds import parse_sds_xlsx
from importers.parsers.teryt import parse_terc
from importers.spreadsheet.example import TEMPLATE_DIR
from importers.spreadsheet.reader import read_workbook

CASES_PER_FILE = 60
SEED = 20261123
_INSERTS = [b";", b",", b'"', b"\n", b"\r\n", b"<", b">", b"{", b"}", b"\x00", b"\xff", "ż".encode(), b"-1e309"]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def _mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["truncate", "flip", "drop-line", "repeat-line", "insert", "cp1250", "empty", "header-only"])
    if kind == "truncate":
        return kind, data[: rng.randrange(0, max(1, len(data)))]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
        return kind, bytes(out)
    lines = _lines(data)
    if kind == "drop-line":
        del lines[rng.randrange(len(lines))]
        return kind, b"".join(lines)
    if kind == "repeat-line":
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
        return kind, b"".join(lines)
    if kind == "insert":
        at = rng.randrange(max(1, len(data)))
        return kind, data[:at] + rng.choice(_INSERTS) + data[at:]
    if kind == "cp1250":
        return kind, data.decode("utf-8", errors="replace").encode("cp1250", errors="replace")
    if kind == "empty":
        return kind, b""
    return kind, lines[0]


# (name, source file under tests/data or an absolute path, parser)
FILES: list[tuple[str, str, Callable[[Path], Any]]] = [
    ("terc-csv", "teryt-terc/TERC_Urzedowy_2025-11-18.csv", parse_terc),
    ("terc-xml", "teryt-terc/TERC_Urzedowy_2025-11-18.xml", parse_terc),
    ("terc-zip", "teryt-terc/TERC_Urzedowy_2025-11-18.zip", parse_terc),
    ("centroids", "gmina-centroids/gminy_centroidy_PRG2020.csv", parse_gmina_centroids),
    ("ops-malopolska", "social-institutions-regional/ops_malopolska_geo.csv", parse_ops_malopolska),
    ("ops-slaskie", "social-institutions-regional/ops_slaskie.csv", parse_ops_slaskie),
    ("sds-xlsx", "social-institutions-regional/sds_malopolskie_2026-01-08.xlsx", parse_sds_xlsx),
    ("dps-xlsx", "social-institutions-regional/dps_wolne_miejsca_malopolskie_2026-07-31.xlsx", parse_dps_xlsx),
    ("krs-json", "krs-ngo-sample/0000096794.json", parse_krs),
    ("hsds-json", "hsds-3.0/examples/service_full.json", read_path),
    ("arkusz-xlsx", str(TEMPLATE_DIR / "przyklad.xlsx"), read_workbook),  # shipped with the project
]


@pytest.mark.parametrize(("name", "source", "parse"), FILES, ids=[f[0] for f in FILES])
def test_damaged_files_are_refused_cleanly(
    name: str, source: str, parse: Callable[[Path], Any], data_dir: Path, tmp_path: Path
) -> None:
    original = (data_dir / source).read_bytes()  # an absolute source stays itself
    rng = random.Random(f"{SEED}:{name}")
    emails = {e.decode("utf-8", "replace") for e in re.findall(rb"[\w.+-]+@[\w-]+\.[\w.]+", original)}
    target = tmp_path / Path(source).name
    outcomes: dict[str, int] = {"accepted": 0, "refused": 0}
    for case in range(CASES_PER_FILE):
        kind, damaged = _mutate(original, rng)
        target.write_bytes(damaged)
        try:
            result = parse(target)
        except ImportValidationError as exc:
            # accepting and refusing are both allowed, so pytest.raises() cannot say it: assert on the refusal here
            assert exc.file and exc.message, f"{name} case {case} ({kind}): an error without file or message"  # noqa: PT017
            assert not any(e in str(exc) for e in emails), f"{name} case {case} ({kind}): an e-mail in the message"  # noqa: PT017
            outcomes["refused"] += 1
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{name} case {case} ({kind}): {type(exc).__name__}: {exc}")
        else:
            # the HSDS reader collects problems in its dataset (the importer raises them together)
            refused = bool(getattr(result, "errors", None)) or bool(
                getattr(result, "issues", None) and any(getattr(i, "severity", "") == "error" for i in result.issues)
            )
            outcomes["refused" if refused else "accepted"] += 1
    # the mutations really damage the files: some are refused (else the test could not fail)
    assert outcomes["refused"] > 0, outcomes


def test_damaged_hsds_datapackage_and_spreadsheet_dirs(data_dir: Path, tmp_path: Path) -> None:
    """Directory inputs: one CSV of the HSDS package or of the Kooperacja spreadsheet damaged at a time."""
    sources = [
        ("hsds", data_dir / "hsds-3.0/examples/csv", read_path),
        ("arkusz", TEMPLATE_DIR / "przyklad", read_workbook),
    ]
    for label, directory, parse in sources:
        rng = random.Random(f"{SEED}:{label}")
        files = sorted(p.name for p in directory.glob("*.csv"))
        for case in range(CASES_PER_FILE):
            work = tmp_path / f"{label}-{case}"
            shutil.copytree(directory, work)
            victim = work / rng.choice(files)
            kind, damaged = _mutate(victim.read_bytes(), rng)
            victim.write_bytes(damaged)
            try:
                parse(work)
            except ImportValidationError:
                pass
            except Exception as exc:  # noqa: BLE001 - the point of the test
                pytest.fail(f"{label} case {case} ({victim.name}, {kind}): {type(exc).__name__}: {exc}")

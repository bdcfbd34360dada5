"""Every ``KOOPERACJA_*`` environment variable the code reads is documented in CONTRIBUTING.md.

The code is grepped (Python, notebooks, CI scripts); the documentation is the table of the
"Environment variables" section, one row per variable.  A variable the code no longer
mentions must leave the table too.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIABLE = re.compile(r"\bKOOPERACJA_[A-Z0-9]+(?:_[A-Z0-9]+)*\b")
SOURCES = ("graph", "api", "importers", "queries", "notebooks", "tests", ".ci")
SUFFIXES = {".py", ".ipynb", ".sh", ""}
ROW = re.compile(r"^\| `(KOOPERACJA_[A-Z0-9_]+)` \|", re.MULTILINE)


def _in_code() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or path.suffix not in SUFFIXES or "data" in path.relative_to(ROOT).parts[:2]:
                continue
            if path.suffix == "" and not path.read_bytes().startswith(b"#!"):
                continue  # extension-less files: scripts only
            for name in VARIABLE.findall(path.read_text(encoding="utf-8", errors="replace")):
                found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def _documented() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Environment variables", 1)[1]
    return ROW.findall(section)


def test_every_variable_in_the_code_is_documented() -> None:
    used, documented = _in_code(), _documented()
    missing = {name: where for name, where in used.items() if name not in documented}
    assert not missing, f"add these to the table in CONTRIBUTING.md (Environment variables): {missing}"


def test_the_table_names_only_variables_the_code_reads_and_each_once() -> None:
    used, documented = _in_code(), _documented()
    assert len(documented) == len(set(documented)), "a variable has two rows"
    stale = sorted(set(documented) - set(used))
    assert not stale, f"CONTRIBUTING.md documents variables no code reads: {stale}"
    assert len(documented) >= 19

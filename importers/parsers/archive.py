"""A decompression guard for ZIP containers (ZIP archives, XLSX, ODS).

A few megabytes of ZIP can expand to gigabytes.  Before anything is unpacked,
:func:`check_archive` reads the central directory and refuses an archive whose
members declare more than :data:`MAX_TOTAL_BYTES` in total, more than
:data:`MAX_MEMBERS` members or a compression ratio above :data:`MAX_RATIO`.
Declared sizes can lie, so :func:`read_member` also counts the bytes actually
inflated and stops at the member's declared size (and at the limit).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

from importers.parsers.errors import ZIP_DAMAGE, ImportValidationError

__all__ = ["MAX_MEMBERS", "MAX_RATIO", "MAX_TOTAL_BYTES", "check_archive", "read_member", "verify_inflated_sizes"]

MAX_TOTAL_BYTES = 512 * 1024 * 1024  # the TERC/SIMC ZIPs expand to ~35 MB; registers to < 1 MB
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # XML compresses ~10–30×; a bomb compresses thousands of times
_MIN_RATIO_CHECK = 1024 * 1024  # tiny members may compress oddly well; the ratio applies above 1 MB
_CHUNK = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f}".replace(",", " ")


def check_archive(path: Path | IO[bytes], file: str | None = None) -> zipfile.ZipFile:
    """Open a ZIP container after checking its declared sizes; a Polish error when it is a bomb."""
    name = file or (path.name if isinstance(path, Path) else "archiwum.zip")
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except ZIP_DAMAGE as exc:
        raise ImportValidationError(name, None, None, "Uszkodzone archiwum ZIP (albo plik innego typu).") from exc
    if len(infos) > MAX_MEMBERS:
        zf.close()
        raise ImportValidationError(
            name, None, None, f"Archiwum ma zbyt wiele plików ({len(infos)}, limit {MAX_MEMBERS}) – odrzucono."
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        zf.close()
        raise ImportValidationError(
            name,
            None,
            None,
            f"Archiwum po rozpakowaniu miałoby {_mb(total)} MB (limit {_mb(MAX_TOTAL_BYTES)} MB) – odrzucono jako możliwą bombę dekompresyjną.",
        )
    for info in infos:
        if info.file_size > _MIN_RATIO_CHECK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            zf.close()
            raise ImportValidationError(
                name,
                None,
                info.filename[:80],
                f"Plik w archiwum jest skompresowany {info.file_size // max(info.compress_size, 1)}-krotnie "
                f"(limit {MAX_RATIO}) – odrzucono jako możliwą bombę dekompresyjną.",
            )
    return zf


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, budget: int = MAX_TOTAL_BYTES) -> bytes:
    """Inflate one member, never more than its declared size nor ``budget`` bytes."""
    limit = min(info.file_size, budget)
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                out += chunk
                if len(out) > limit:
                    raise ImportValidationError(
                        file,
                        None,
                        info.filename[:80],
                        "Plik w archiwum rozpakowuje się do większego rozmiaru, niż deklaruje – odrzucono jako możliwą bombę dekompresyjną.",
                    )
    except ZIP_DAMAGE as exc:
        raise ImportValidationError(
            file, None, info.filename[:80], "Uszkodzone archiwum ZIP: nie można rozpakować pliku."
        ) from exc
    return bytes(out)


def verify_inflated_sizes(path: Path, file: str | None = None) -> None:
    """Check declared sizes, then inflate every member counting bytes (for readers that unpack natively)."""
    name = file or path.name
    if not zipfile.is_zipfile(path):
        return  # not a ZIP at all: no bomb; the reader reports what the file is not
    with check_archive(path, name) as zf:
        budget = MAX_TOTAL_BYTES
        for info in zf.infolist():
            budget -= len(read_member(zf, info, name, budget))

"""Shared pieces of the register importers: ids, validation, reference terms, the write.

Ids are derived from the source (register numbers, or a slug of the name and
address), so importing the same file again finds the same institutions and
changes nothing.  Territories are resolved by :mod:`importers.registers.gazetteer`;
the batch is written by :func:`finish` in one transaction
(:func:`importers.registers.seats.write_with_seats`).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable, Mapping
from typing import Any

from graph import model as m
from graph.errors import ModelValidationError
from graph.progress import Progress
from graph.reference import SERVICE_CATEGORIES, TARGET_GROUPS
from graph.schema import validate
from graph.store.protocol import Store
from graph.writer import Batch, get_nodes
from importers.parsers.errors import ImportValidationError
from importers.parsers.text import fold
from importers.registers.report import ImportReport
from importers.registers.seats import item_field, write_with_seats

__all__ = [
    "Progress",
    "stable_id",
    "slug",
    "short_slug",
    "build",
    "add_reference_terms",
    "IdRegistry",
    "finish",
    "no_progress",
    "valid_postal",
    "valid_email",
]

#: Called with (stage description, stages done, stages in total).


def no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_POSTAL = re.compile(r"^\d{2}-\d{3}$")


def valid_postal(code: str | None) -> str | None:
    """The postal code if it has the NN-NNN form (the parsers already warned about others)."""
    return code if code and _POSTAL.match(code) else None


def valid_email(email: str | None) -> str | None:
    """The address if it looks like one (never echoed: some name employees)."""
    return email if email and "@" in email and " " not in email else None


def slug(*parts: str | None) -> str:
    """Lower-case ASCII words joined by hyphens: ``"ŚDS w Bieczu"`` → ``"sds-w-bieczu"``."""
    text = " ".join(p for p in parts if p)
    return _SLUG_DROP.sub("-", fold(text)).strip("-")


def short_slug(text: str, max_len: int = 40) -> str:
    """A slug without filler words, cut to ``max_len`` with a hash when longer (id suffixes)."""
    words = [w for w in slug(text).split("-") if w not in _FILLER]
    full = "-".join(words)
    if len(full) <= max_len:
        return full
    digest = hashlib.sha1(full.encode()).hexdigest()[:6]
    return f"{full[:max_len].rstrip('-')}-{digest}"


_FILLER = frozenset({"dla", "osob", "i", "w", "od", "z", "na"})


def stable_id(prefix: str, *parts: str | None, max_slug: int = 50) -> str:
    """A deterministic id: ``prefix:slug`` – long slugs are cut and get a short hash.

    The hash is taken over the folded full text, so two long names that share
    their beginning still get different ids.
    """
    full = slug(*parts)
    if len(full) <= max_slug:
        return f"{prefix}:{full}"
    digest = hashlib.sha1(full.encode()).hexdigest()[:8]
    return f"{prefix}:{full[:max_slug].rstrip('-')}-{digest}"


# ---------------------------------------------------------------- validation


def build(model: type[Any], data: Mapping[str, Any], *, file: str, row: int | None, columns: Mapping[str, str]) -> Any:
    """Validate ``data`` into ``model``; errors name the source column (``columns``: field → column)."""
    try:
        return validate(model, dict(data))
    except ModelValidationError as exc:
        loc, msg = exc.errors[0]
        field = loc.split(".")[0]
        raise ImportValidationError(file, row, columns.get(field, field), f"{msg}.") from None


def add_reference_terms(store: Store, batch: Batch, categories: Iterable[str], groups: Iterable[str]) -> None:
    """Add the default categories/target groups the services use, when the store lacks them.

    Terms already present are left alone (a user may have renamed them), so a
    re-import adds nothing.
    """
    wanted_c = sorted(set(categories))
    wanted_g = sorted(set(groups))
    cat_defaults = {c: (n, p) for c, n, p in SERVICE_CATEGORIES}
    grp_defaults = dict(TARGET_GROUPS)
    have_c = {n.id for n in get_nodes(store, m.ServiceCategory, wanted_c)} if wanted_c else set()
    have_g = {n.id for n in get_nodes(store, m.TargetGroup, wanted_g)} if wanted_g else set()
    new_c = [
        m.ServiceCategory(id=c, name=cat_defaults[c][0], parent=cat_defaults[c][1]) for c in wanted_c if c not in have_c
    ]
    # a parent category referenced only as a property must exist too (a tree without holes)
    parents = {c.parent for c in new_c if c.parent} - have_c - {c.id for c in new_c}
    if parents:
        have_p = {n.id for n in get_nodes(store, m.ServiceCategory, sorted(parents))}
        new_c += [
            m.ServiceCategory(id=p, name=cat_defaults[p][0], parent=cat_defaults[p][1])
            for p in sorted(parents - have_p)
        ]
    if new_c:
        batch.add(m.ServiceCategory, new_c)
    new_g = [m.TargetGroup(id=g, name=grp_defaults[g]) for g in wanted_g if g not in have_g]
    if new_g:
        batch.add(m.TargetGroup, new_g)


class IdRegistry:
    """Ids seen so far in one file: two rows mapping to one id are an error, not a silent merge."""

    def __init__(self, file: str, what: str) -> None:
        self.file = file
        self.what = what
        self.rows: dict[str, int | None] = {}

    def add(self, iid: str, row: int | None) -> str:
        if iid in self.rows:
            raise ImportValidationError(
                self.file,
                row,
                None,
                f"{self.what} o identyfikatorze {iid} występuje dwa razy (pierwszy raz w wierszu {self.rows[iid]}).",
            )
        self.rows[iid] = row
        return iid


def finish(store: Store, batch: Batch, report: ImportReport, started: float, progress: Progress) -> ImportReport:
    """Write everything in ONE atomic batch and close the report."""
    progress("zapis do bazy (jedna transakcja)", 2, 3)
    institutions = batch.nodes.get(m.Institution, [])
    report.institutions = len(institutions)
    report.institution_ids = [item_field(i, "id") for i in institutions]
    report.write, report.removed_seats = write_with_seats(store, batch)
    report.seconds = time.perf_counter() - started
    progress("gotowe", 3, 3)
    return report

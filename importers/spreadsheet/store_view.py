"""What the store already holds that a spreadsheet may refer to (read once per import)."""

from __future__ import annotations

from dataclasses import dataclass

from graph import model as m
from graph import statements
from graph.reference import COMPETENCES, SERVICE_CATEGORIES, TARGET_GROUPS
from graph.store.protocol import Row, Store
from graph.writer import get_rels
from importers.parsers.text import fold
from importers.spreadsheet import cells
from importers.spreadsheet.reader import Workbook

__all__ = ["StoreView", "DEFAULT_TERMS"]

_VOCAB_MODELS: dict[str, type[m.Node]] = {
    "categories": m.ServiceCategory,
    "groups": m.TargetGroup,
    "competences": m.Competence,
}
_VOCAB_LABELS = {"categories": "kategoria usług", "groups": "grupa docelowa", "competences": "kompetencja"}
DEFAULT_TERMS: dict[str, dict[str, tuple[str, str | None]]] = {
    "categories": {c: (n, p) for c, n, p in SERVICE_CATEGORIES},
    "groups": {c: (n, None) for c, n in TARGET_GROUPS},
    "competences": {c: (n, None) for c, n in COMPETENCES},
}


@dataclass
class StoreView:
    """Territories, referenced institutions and partnerships, vocabularies of the store."""

    territories: dict[str, Row]
    institutions: set[str]
    partnerships: set[str]
    serves: dict[str, list[str]]  # stored institution → served TERYT codes
    vocab: dict[str, dict[str, str]]  # vocabulary → folded code or name → code
    stored_terms: dict[str, set[str]]  # vocabulary → codes present in the store

    @classmethod
    def load(cls, store: Store, book: Workbook) -> StoreView:
        territories = {r["teryt"]: r for r in store.query(statements.all_nodes(m.Territory, store.backend))}
        refs: dict[str, set[str]] = {"instytucje": set(), "partnerstwa": set()}
        for raw in book.sheets.values():
            for col in raw.sheet.columns:
                if col.kind == "ref" and col.ref:
                    refs[col.ref].update(
                        cells.text(r.values.get(col.key)) for r in raw.rows if r.values.get(col.key) is not None
                    )
        inst = _existing(store, m.Institution, refs["instytucje"])
        parts = _existing(store, m.Partnership, refs["partnerstwa"])
        serves: dict[str, list[str]] = {}
        for rel in get_rels(store, m.Serves, sorted(inst)) if inst else []:
            serves.setdefault(rel.src, []).append(rel.dst)
        vocab: dict[str, dict[str, str]] = {}
        stored: dict[str, set[str]] = {}
        for name, model in _VOCAB_MODELS.items():
            rows = store.query(statements.all_nodes(model, store.backend))
            stored[name] = {r["id"] for r in rows}
            lookup: dict[str, str] = {}
            for code, (label, _parent) in DEFAULT_TERMS[name].items():
                lookup[fold(code)] = code
                lookup[fold(label)] = code
            for r in rows:  # stored names win over the defaults
                lookup[fold(r["id"])] = r["id"]
                lookup[fold(r["name"])] = r["id"]
            vocab[name] = lookup
        return cls(territories, inst, parts, serves, vocab, stored)


def _existing(store: Store, model: type[m.Node], keys: set[str]) -> set[str]:
    keys = {k for k in keys if k}
    if not keys:  # LadybugDB rejects an empty list parameter
        return set()
    rows = store.query(statements.existing_keys(model, store.backend), {"keys": sorted(keys)})
    return {r["k"] for r in rows}

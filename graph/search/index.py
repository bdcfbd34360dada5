"""Keeps the search index – ``SearchKey`` nodes linked to services by ``INDEXES`` – in step with writes.

What a service is *for* is indexed, not only what it is called: its name,
description and eligibility, the names of its target groups and categories
(and of each category's parent), its institution's type, name and competences.
Each key keeps the weight of the best field it occurs in
(:data:`graph.search.analysis.FIELD_WEIGHTS`); thesaurus phrases found in a field
get their own key.  :func:`refresh` is called by the batch writer and the directory
writes inside their transaction, for the services they touched; it diffs the
computed links against the stored ones, so re-running an import writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph import model as m
from graph import statements
from graph.enums import InstitutionType
from graph.search.analysis import FIELD_WEIGHTS, analyse
from graph.search.thesaurus import MAX_PHRASE, phrase_key, thesaurus
from graph.store.protocol import Capability, Row, Tx
from graph.text import PREFIX_LEN

__all__ = ["index_keys", "refresh", "affected_services", "rebuild", "CHUNK"]

#: Services re-indexed per statement group (bounds the parameter lists).
CHUNK = 5_000

#: Node and relationship models whose writes change what services are indexed under.
_SERVICE_NODES = (m.Service,)
_INSTITUTION_NODES = (m.Institution,)


def _field_keys(text: str | None) -> set[str]:
    tokens = analyse(text)
    keys: set[str] = set()
    for t in tokens:
        keys.add(t.lemma)
        keys.add(t.surface)
        if len(t.surface) > PREFIX_LEN:
            keys.add("p:" + t.surface[:PREFIX_LEN])
    lemmas = [t.lemma for t in tokens]
    known = thesaurus().by_phrase
    for start in range(len(lemmas)):
        for size in range(2, min(MAX_PHRASE, len(lemmas) - start) + 1):
            phrase = tuple(lemmas[start : start + size])
            if phrase in known:
                keys.add(phrase_key(phrase))
    return keys


def index_keys(doc: Mapping[str, Any]) -> dict[str, tuple[int, str]]:
    """Key → (weight, field) of one service document (see :func:`_documents` for its fields)."""
    out: dict[str, tuple[int, str]] = {}

    def add(field: str, texts: Iterable[str | None]) -> None:
        w = FIELD_WEIGHTS[field]
        for text in texts:
            for key in _field_keys(text):
                if key not in out or out[key][0] < w:
                    out[key] = (w, field)

    add("name", [doc.get("name")])
    add("group", doc.get("groups") or ())
    add("category", doc.get("categories") or ())
    add("eligibility", [doc.get("eligibility")])
    add("type", _type_texts(doc.get("type")))
    add("description", [doc.get("description")])
    # a parent category's name is not indexed: parents bundle unlike things ("Zdrowie i uzależnienia")
    add("institution", [doc.get("institution_name")])
    add("institution_description", [doc.get("institution_description")])
    add("competence", doc.get("competences") or ())
    return out


def _type_texts(value: str | None) -> list[str]:
    if not value:
        return []
    try:
        t = InstitutionType(value)
    except ValueError:
        return [value]
    return [t.value.replace("_", " "), t.label]


def _rows(tx: Tx, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """A statement's rows; through Arrow columns where the store has them (a bulk read of
    hundreds of thousands of links: half the time of row-by-row conversion on LadybugDB)."""
    if Capability.ARROW not in getattr(tx, "capabilities", ()):
        return tx.run(name, params)
    cols = tx.columns(name, params)
    names = list(cols)
    return [dict(zip(names, values, strict=True)) for values in zip(*cols.values(), strict=True)]


def _documents(tx: Tx, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    docs = {r["id"]: dict(r) for r in _rows(tx, "search_index_documents", {"ids": list(ids)})}
    for key in ("groups", "categories", "parents", "competences"):
        for d in docs.values():
            d[key] = []
    for r in _rows(tx, "search_index_groups", {"ids": list(docs)}):
        docs[r["id"]]["groups"].append(r["name"])
    for r in _rows(tx, "search_index_categories", {"ids": list(docs)}):
        docs[r["id"]]["categories"].append(r["name"])
        if r["parent"]:
            docs[r["id"]]["parents"].append(r["parent"])
    institutions = sorted({d["institution"] for d in docs.values()})
    held: dict[str, list[str]] = defaultdict(list)
    if institutions:
        for r in tx.run("search_index_competences", {"ids": institutions}):
            held[r["id"]].append(r["name"])
    for d in docs.values():
        d["competences"] = held.get(d["institution"], [])
    return docs


def affected_services(
    tx: Tx, node_rows: Mapping[type[m.Node], Sequence[Row]], rel_rows: Mapping[type[m.Rel], Sequence[Row]]
) -> set[str]:
    """Services whose index keys a batch may have changed."""
    ids: set[str] = set()
    institutions: set[str] = set()
    for model, rows in node_rows.items():
        if model is m.Service:
            ids.update(r["id"] for r in rows)
        elif model is m.Institution:
            institutions.update(r["id"] for r in rows)
    for rel, rows in rel_rows.items():
        if rel in (m.InCategory, m.ForGroup):
            ids.update(r["src"] for r in rows)
        elif rel is m.Offers:
            ids.update(r["dst"] for r in rows)
        elif rel is m.HasCompetence:
            institutions.update(r["src"] for r in rows)
    if institutions:
        # services created in this batch are in ``ids`` already; this adds the stored ones
        for chunk in _chunks(sorted(institutions)):
            ids.update(r["id"] for r in tx.run("search_index_services_of", {"ids": chunk}))
    return ids


def _chunks(seq: Sequence[str], size: int = CHUNK) -> Iterable[list[str]]:
    for n in range(0, len(seq), size):
        yield list(seq[n : n + size])


def refresh(tx: Tx, backend: str, service_ids: Iterable[str]) -> int:
    """Make the index links of ``service_ids`` match their current texts; returns links written."""
    written = 0
    for chunk in _chunks(sorted(set(service_ids))):
        written += _refresh_chunk(tx, backend, chunk)
    return written


def _refresh_chunk(tx: Tx, backend: str, ids: list[str]) -> int:
    docs = _documents(tx, ids)
    wanted: dict[tuple[str, str], tuple[int, str]] = {}
    for sid, doc in docs.items():
        for key, (w, field) in index_keys(doc).items():
            wanted[(key, sid)] = (w, field)
    stored = {(r["key"], r["id"]): (int(r["w"]), r["field"]) for r in _rows(tx, "search_index_links", {"ids": ids})}
    stale = [{"key": k, "id": s} for (k, s) in stored if (k, s) not in wanted]
    changed = [
        {"key": k, "id": s, "w": w, "field": f}
        for (k, s), (w, f) in wanted.items()
        if (k, s) in stored and stored[(k, s)] != (w, f)
    ]
    new = [(k, s, w, f) for (k, s), (w, f) in wanted.items() if (k, s) not in stored]
    if stale:
        tx.run("search_index_unlink", {"rows": stale})
    if changed:
        tx.run("search_index_reweight", {"rows": changed})
    if new:
        keys = sorted({k for k, _, _, _ in new})
        existing = {r["k"] for r in tx.run(statements.existing_keys(m.SearchKey, backend), {"keys": keys})}
        missing = [{"term": k} for k in keys if k not in existing]
        if missing:
            tx.bulk_insert(m.SearchKey.__label__, missing, [("term", "STRING")])
        tx.bulk_insert(
            m.Indexes.__type__,
            [{"src": k, "dst": s, "w": w, "field": f} for k, s, w, f in new],
            [("w", "INT64"), ("field", "STRING")],
        )
    return len(stale) + len(changed) + len(new)


def rebuild(store: Any) -> int:
    """Re-index every service (after a thesaurus change); returns links written."""
    ids = [r["id"] for r in store.query("search_index_all_services", {})]
    written = 0
    for chunk in _chunks(ids):
        written += store.write(lambda tx, c=chunk: refresh(tx, store.backend, c))
    return written

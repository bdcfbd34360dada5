"""The field thesaurus: concept groups of Polish expressions (``thesaurus.yaml``).

Each expression is analysed like any indexed text (lemmatised, folded, stop words
dropped) into a *phrase*: a tuple of lemmas.  A one-word phrase is looked up as an
ordinary lemma key; a longer one gets its own key (``=przemoc_domowy``) written
beside the lemma keys of every text that contains it, so a query can ask for the
phrase itself rather than its words scattered over a description.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ModelValidationError
from graph.search.analysis import analyse

__all__ = ["Concept", "Thesaurus", "thesaurus", "phrase_key", "PATH", "MAX_PHRASE"]

PATH = Path(__file__).with_name("thesaurus.yaml")
#: Longest phrase (in content words) the matchers look for.
MAX_PHRASE = 5


def phrase_key(phrase: tuple[str, ...]) -> str:
    """Index key of a phrase: its lemma for one word, ``=a_b`` for several."""
    return phrase[0] if len(phrase) == 1 else "=" + "_".join(phrase)


@dataclass(frozen=True)
class Concept:
    id: str
    terms: tuple[str, ...]  # as written in the file; the first names the concept
    phrases: tuple[tuple[str, ...], ...]  # analysed, parallel to ``terms``
    rationale: str
    related: tuple[str, ...] = ()  # ids of related concepts (a query finds them with a lower weight)

    @property
    def name(self) -> str:
        return self.terms[0]


@dataclass(frozen=True)
class Thesaurus:
    concepts: dict[str, Concept]
    by_phrase: dict[tuple[str, ...], tuple[str, ...]]  # phrase → concept ids
    display: dict[str, str]  # phrase key → the expression as written (first seen)
    vocabulary: frozenset[str]  # every lemma of every phrase

    def find(self, lemmas: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """Longest phrases found in a lemma sequence: ``(start, end, phrase)``, left to right, no overlap."""
        out, n = [], 0
        while n < len(lemmas):
            for size in range(min(MAX_PHRASE, len(lemmas) - n), 0, -1):
                phrase = tuple(lemmas[n : n + size])
                if phrase in self.by_phrase:
                    out.append((n, n + size, phrase))
                    n += size
                    break
            else:
                n += 1
        return out

    def phrase_keys(self) -> list[str]:
        return sorted(self.display)


def _errors(entries: Any) -> list[tuple[str, str]]:
    if not isinstance(entries, list):
        return [("concepts", "oczekiwano listy pojęć")]
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries):
        where = f"concepts[{n}]"
        if not isinstance(entry, dict):
            errors.append((where, "oczekiwano pól id, terms, rationale"))
            continue
        cid = entry.get("id")
        if not isinstance(cid, str) or not cid:
            errors.append((f"{where}.id", "brak identyfikatora"))
        elif cid in seen:
            errors.append((f"{where}.id", f"powtórzony identyfikator {cid}"))
        else:
            seen.add(cid)
        terms = entry.get("terms")
        if not isinstance(terms, list) or len(terms) < 2 or not all(isinstance(t, str) and t for t in terms):
            errors.append((f"{where}.terms", "co najmniej dwa wyrażenia (tekst)"))
        else:
            for k, term in enumerate(terms):
                if not analyse(term):
                    errors.append((f"{where}.terms[{k}]", "wyrażenie składa się wyłącznie ze słów pomijanych"))
        if not isinstance(entry.get("rationale"), str) or not entry["rationale"].strip():
            errors.append((f"{where}.rationale", "brak uzasadnienia lub źródła"))
    ids = {e.get("id") for e in entries if isinstance(e, dict)}
    for n, entry in enumerate(entries):
        related = entry.get("related", []) if isinstance(entry, dict) else []
        if not isinstance(related, list) or any(r not in ids or r == entry.get("id") for r in related):
            errors.append((f"concepts[{n}].related", "nieznane pojęcie pokrewne (lub samo pojęcie)"))
    return errors


def load(path: Path = PATH) -> Thesaurus:
    """Read and check the thesaurus; a :class:`ModelValidationError` names the entry and field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("concepts") if isinstance(data, dict) else None
    errors = _errors(entries)
    if errors:
        raise ModelValidationError(path.name, errors)
    concepts: dict[str, Concept] = {}
    by_phrase: dict[tuple[str, ...], list[str]] = defaultdict(list)
    display: dict[str, str] = {}
    for entry in entries:  # type: ignore[union-attr]
        terms = tuple(entry["terms"])
        phrases = tuple(tuple(t.lemma for t in analyse(term)) for term in terms)
        related = tuple(entry.get("related") or ())
        concepts[entry["id"]] = Concept(entry["id"], terms, phrases, entry["rationale"].strip(), related)
        for term, phrase in zip(terms, phrases, strict=True):
            if entry["id"] not in by_phrase[phrase]:
                by_phrase[phrase].append(entry["id"])
            display.setdefault(phrase_key(phrase), term)
    vocabulary = frozenset(w for phrase in by_phrase for w in phrase)
    return Thesaurus(concepts, {p: tuple(c) for p, c in by_phrase.items()}, display, vocabulary)


@cache
def thesaurus() -> Thesaurus:
    """The repository's thesaurus, loaded once per process."""
    return load()

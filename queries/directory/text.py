"""A Polish service query as *units*: thesaurus concepts and single words, each with weighted keys.

The query is analysed like indexed text (:mod:`graph.search.analysis`); words the
thesaurus does not know are corrected against its vocabulary when they differ by
one letter (six letters or more) or miss their diacritics; the longest thesaurus
phrases are then found, and every phrase becomes a *concept unit* whose keys are
all expressions of its concept groups (the typed one weighs 1.0, a synonym 0.9).
Left-over words become *word units* (lemma and surface form 1.0, a spelling
variant 0.8).  Words that say nothing in this field ("pomoc", "szukam") are
ignored when anything else remains.  A service matches a unit when it has any of
the unit's keys; ranking counts matched units first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from graph.errors import InvalidInput
from graph.search.analysis import GENERIC_LEMMAS, Token, analyse
from graph.search.thesaurus import Thesaurus, phrase_key, thesaurus
from graph.text import PREFIX_LEN, words

__all__ = ["Key", "Unit", "ServiceText", "MAX_TEXT_LENGTH", "MAX_UNITS", "SYNONYM_WEIGHT", "TYPO_WEIGHT"]

#: Longest query text accepted (a query, not a document: 1 MB is refused, not cut).
MAX_TEXT_LENGTH = 300
#: Most units a query may have (bounds the key UNWIND).
MAX_UNITS = 10
SYNONYM_WEIGHT = 0.9
TYPO_WEIGHT = 0.8
#: A key of a related concept (thesaurus ``related``): narkomania → terapia uzależnień.
RELATED_WEIGHT = 0.6
PREFIX_WEIGHT = 0.5
_MIN_TYPO_LEN = 6


@dataclass(frozen=True)
class Key:
    key: str
    w: float
    kind: str  # lemma | surface | phrase | synonym | typo
    label: str  # the expression as a person reads it


@dataclass(frozen=True)
class Unit:
    text: str  # the query words this unit stands for, as typed
    keys: tuple[Key, ...]
    concepts: tuple[str, ...] = ()

    def key(self, key: str) -> Key | None:
        return next((k for k in self.keys if k.key == key), None)


def _edit1(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours turns ``a`` into ``b``."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [n for n in range(len(a)) if a[n] != b[n]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    n = 0
    while n < len(short) and short[n] == long_[n]:
        n += 1
    return short[n:] == long_[n + 1 :]


@cache
def _by_length(vocabulary: frozenset[str]) -> dict[int, list[str]]:  # frozenset: hashable
    out: dict[int, list[str]] = defaultdict(list)
    for word in vocabulary:
        out[len(word)].append(word)
    return out


def corrections(token: Token, th: Thesaurus) -> list[str]:
    """Thesaurus words ``token`` probably means when it is not one itself (typo, no diacritics, odd form)."""
    vocab = th.vocabulary
    if token.lemma in vocab or token.surface in vocab:
        return []
    found: set[str] = set()
    by_len = _by_length(vocab)
    for form in {token.surface, token.lemma}:
        if len(form) < _MIN_TYPO_LEN:
            continue
        for size in (len(form) - 1, len(form), len(form) + 1):
            found.update(w for w in by_len.get(size, ()) if _edit1(form, w))
    if not found and token.lemma == token.surface and len(token.surface) >= _MIN_TYPO_LEN + 1:
        # a form the lemmatiser does not know (no diacritics, "niepelnosprawnosciami"):
        # a thesaurus word sharing all but its ending
        stem = token.surface[: max(_MIN_TYPO_LEN, len(token.surface) - 3)]
        found.update(w for w in vocab if w.startswith(stem) and len(w) - len(stem) <= 3)
    return sorted(found)


_FIRST: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def _by_first(th: Thesaurus) -> dict[str, list[tuple[str, ...]]]:
    cached = _FIRST.get(id(th))
    if cached is not None:
        return cached
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in th.by_phrase:
        out[phrase[0]].append(phrase)
    for phrases in out.values():
        phrases.sort(key=lambda p: (-len(p), p))  # longest first, then a stable order
    _FIRST[id(th)] = out
    return out


def _find_phrases(cands: list[set[str]], th: Thesaurus) -> list[tuple[int, int, tuple[str, ...]]]:
    """Longest thesaurus phrases over per-position candidate lemmas, left to right, no overlap."""
    first = _by_first(th)
    out, n = [], 0
    while n < len(cands):
        options = [p for c in cands[n] for p in first.get(c, ()) if n + len(p) <= len(cands)]
        options.sort(key=lambda p: (-len(p), p))
        hit = next((p for p in options if all(p[k] in cands[n + k] for k in range(1, len(p)))), None)
        if hit:
            out.append((n, n + len(hit), hit))
            n += len(hit)
        else:
            n += 1
    return out


def _concept_unit(text: str, phrases: list[tuple[str, ...]], th: Thesaurus) -> Unit:
    concepts = tuple(dict.fromkeys(c for p in phrases for c in th.by_phrase[p]))
    typed = {phrase_key(p) for p in phrases}
    keys: dict[str, Key] = {}
    for cid in concepts:
        for phrase in th.concepts[cid].phrases:
            k = phrase_key(phrase)
            exact = k in typed
            key = Key(k, 1.0 if exact else SYNONYM_WEIGHT, "phrase" if exact else "synonym", th.display[k])
            if k not in keys or keys[k].w < key.w:
                keys[k] = key
    for rid in dict.fromkeys(r for cid in concepts for r in th.concepts[cid].related):
        for phrase in th.concepts[rid].phrases:
            k = phrase_key(phrase)
            if k not in keys:
                keys[k] = Key(k, RELATED_WEIGHT, "related", th.display[k])
    return Unit(text, tuple(sorted(keys.values(), key=lambda k: (-k.w, k.key))), concepts)


def _with_own_words(unit: Unit, spans: list[tuple[int, int]], tokens: list[Token]) -> Unit:
    """A one-word concept unit also keeps the typed word's own keys: a corrected spelling must
    not hide a service that has the word exactly as typed."""
    own = [tokens[s] for s, e in spans if e - s == 1]
    keys = {k.key: k for k in unit.keys}
    for t in own:
        for key, kind in ((t.lemma, "lemma"), (t.surface, "surface")):
            if key not in keys:
                keys[key] = Key(key, 1.0, kind, key)
    return Unit(unit.text, tuple(keys.values()), unit.concepts)


def _word_unit(text: str, token: Token, fixes: list[str], th: Thesaurus) -> Unit:
    keys = {token.lemma: Key(token.lemma, 1.0, "lemma", token.lemma)}
    if token.surface != token.lemma:
        keys[token.surface] = Key(token.surface, 1.0, "surface", token.surface)
    for fix in fixes:
        keys.setdefault(fix, Key(fix, TYPO_WEIGHT, "typo", th.display.get(fix, fix)))
    if len(token.surface) > PREFIX_LEN:
        # the crude stem catches forms the lemmatiser maps apart (poradnictwo / poradnia)
        stem = "p:" + token.surface[:PREFIX_LEN]
        keys.setdefault(stem, Key(stem, PREFIX_WEIGHT, "prefix", token.surface[:PREFIX_LEN]))
    return Unit(text, tuple(keys.values()))


@dataclass(frozen=True)
class ServiceText:
    """A parsed service query: its units, and whether every unit must match."""

    text: str | None
    units: tuple[Unit, ...]
    match_all: bool = True
    ignored: tuple[str, ...] = ()  # generic words left out ("pomoc")

    @classmethod
    def parse(cls, text: str | None, match_all: bool = True) -> ServiceText:
        if text is None:
            return cls(None, (), match_all)
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidInput("text", f"tekst zapytania jest za długi (najwyżej {MAX_TEXT_LENGTH} znaków)")
        if not text.strip():
            raise InvalidInput("text", "puste zapytanie: wpisz, czego szukasz, albo pomiń to pole")
        th = thesaurus()
        tokens = analyse(text)
        if not tokens:
            raise InvalidInput(
                "text",
                "w zapytaniu nie ma słów, według których można szukać "
                "(same słowa pomijane, znaki przestankowe lub symbole) – wpisz np. „pomoc prawna”",
            )
        fixes = [corrections(t, th) for t in tokens]
        found = _find_phrases([{t.lemma, t.surface, *f} for t, f in zip(tokens, fixes, strict=True)], th)
        units: list[Unit] = []
        covered: set[int] = set()
        by_concepts: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
        typed = words(text)  # the words as typed, stop words included: "przemoc w rodzinie"
        for start, end, phrase in found:
            words_typed = " ".join(typed[tokens[start].pos : tokens[end - 1].pos + 1])
            by_concepts.setdefault(th.by_phrase[phrase], []).append((words_typed, phrase))
            covered.update(range(start, end))
        for pairs in by_concepts.values():
            unit = _concept_unit(" ".join(w for w, _ in pairs), [p for _, p in pairs], th)
            units.append(
                _with_own_words(
                    unit, [(s, e) for s, e, p in found if th.by_phrase[p] == th.by_phrase[pairs[0][1]]], tokens
                )
            )
        leftovers = [(n, t) for n, t in enumerate(tokens) if n not in covered]
        generic = [(n, t) for n, t in leftovers if t.lemma in GENERIC_LEMMAS]
        if units or len(generic) < len(leftovers):
            leftovers = [(n, t) for n, t in leftovers if t.lemma not in GENERIC_LEMMAS]
        else:
            generic = []
        seen: set[str] = set()
        for n, t in leftovers:
            if t.lemma in seen:
                continue
            seen.add(t.lemma)
            units.append(_word_unit(typed[t.pos], t, fixes[n], th))
        if len(units) > MAX_UNITS:
            raise InvalidInput("text", f"za dużo pojęć i słów w zapytaniu (najwyżej {MAX_UNITS})")
        return cls(text, tuple(units), match_all, tuple(typed[t.pos] for _, t in generic))

    def __bool__(self) -> bool:
        return bool(self.units)

    def key_rows(self) -> list[dict[str, Any]]:
        """The ``$keys`` parameter: one row per (unit, key)."""
        return [{"unit": n, "key": k.key, "w": k.w} for n, u in enumerate(self.units) for k in u.keys]

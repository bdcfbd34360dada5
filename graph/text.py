"""Polish text analysis for search: lemmatise, then fold diacritics.

The same analyser runs on indexed text (stored as a ``keywords`` list on nodes)
and on queries, so ``pomocy`` finds ``pomoc`` and ``bezrobotnych`` finds
``bezrobotny``.  Lemmatisation uses lemmagen3's Polish model (under 1 µs a word, 10 ms to
load – simplemma needed 5 s to load, which every CLI run paid); words it does
not know pass through folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["fold", "lemma", "words", "tokens", "keywords", "query_terms", "STOPWORDS", "PREFIX_LEN"]

#: Length of the crude prefix stem stored beside lemmas (``p:uzalez``): it catches
#: inflected forms the dictionary maps to different lemmas (uzależnienie/uzależnić).
PREFIX_LEN = 6

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TRANS = str.maketrans({"ł": "l", "Ł": "l"})

STOPWORDS = frozenset(
    [
        "i",
        "w",
        "z",
        "na",
        "do",
        "dla",
        "od",
        "o",
        "u",
        "a",
        "oraz",
        "lub",
        "albo",
        "ze",
        "we",
        "po",
        "przy",
        "za",
        "to",
        "jest",
        "sa",
        "się",
        "sie",
        "nie",
        "ich",
        "jego",
        "jej",
        "oraz",
        "także",
        "takze",
        "przez",
        "pod",
        "nad",
    ]
)


def fold(text: str) -> str:
    """Lower-case and strip diacritics (ł → l).

    >>> fold("Łódź Żółć")
    'lodz zolc'
    """
    text = text.translate(_TRANS).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _lemmatizer() -> Any:
    from lemmagen3 import Lemmatizer

    return Lemmatizer("pl")


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    return fold(_lemmatizer().lemmatize(word))


def lemma(word: str) -> str:
    """Folded lemma of one word (``pomocy`` → ``pomoc``); unknown words come back folded."""
    return _lemma(word.lower())


def words(text: str | None) -> list[str]:
    """The words of a text, lower-cased, in order (no stop-word filtering)."""
    return _WORD.findall(text.lower()) if text else []


def tokens(text: str | None) -> list[str]:
    """Split into words, lemmatise and fold; stop words and 1-letter words dropped.

    >>> tokens("Pomocy dla bezrobotnych")
    ['pomoc', 'bezrobotny']
    """
    if not text:
        return []
    out: list[str] = []
    for raw in _WORD.findall(text.lower()):
        if len(raw) < 2 or fold(raw) in STOPWORDS:
            continue
        out.append(_lemma(raw))
    return out


def keywords(*texts: str | None) -> list[str]:
    """Sorted distinct search keywords of several texts (lemma and folded surface form)."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        for raw in _WORD.findall(text.lower()):
            if len(raw) < 2 or fold(raw) in STOPWORDS:
                continue
            surface = fold(raw)
            found.add(_lemma(raw))
            found.add(surface)
            if len(surface) > PREFIX_LEN:
                found.add("p:" + surface[:PREFIX_LEN])
    return sorted(found)


def query_terms(text: str | None) -> list[tuple[str, str, str]]:
    """Per query word: (lemma, folded surface form, prefix key).

    >>> query_terms("pomocy")
    [('pomoc', 'pomocy', 'p:pomocy')]
    """
    if not text:
        return []
    out: list[tuple[str, str, str]] = []
    for raw in _WORD.findall(text.lower()):
        if len(raw) < 2 or fold(raw) in STOPWORDS:
            continue
        surface = fold(raw)
        out.append((_lemma(raw), surface, "p:" + surface[:PREFIX_LEN]))
    return out

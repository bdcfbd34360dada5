"""Search tokens of a text, and the weighted index keys of a service.

A token is one content word: its folded surface form and its folded lemma
(:mod:`graph.text`, lemmagen3).  Stop words – the grammatical ones of
:data:`graph.text.STOPWORDS` and words that say nothing about a service in this
field (osoba, pomoc, usługa, …) – are dropped on both sides, so they never count.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.text import STOPWORDS, fold, lemma, words

__all__ = ["Token", "analyse", "SEARCH_STOP_LEMMAS", "GENERIC_LEMMAS", "FIELD_WEIGHTS"]

#: Lemmas dropped everywhere: grammatical words the lemmatiser maps to a content-looking lemma
#: and "osoba", which every target group carries ("osoby bezdomne").
SEARCH_STOP_LEMMAS = frozenset(
    [
        "osoba",
        "człowiek",
        "ludzie",
        "który",
        "która",
        "które",
        "jaki",
        "jaka",
        "jakie",
        "ten",
        "ta",
        "te",
        "tym",
        "mój",
        "moja",
        "moje",
        "swój",
        "być",
        "mieć",
        "móc",
        "musieć",
        "chcieć",
        "bardzo",
        "gdzie",
        "jak",
        "kto",
        "co",
        "czy",
        "też",
        "tylko",
        "już",
        "jeszcze",
        "może",
        "można",
        "pan",
        "pani",
        "proszę",
    ]
)
SEARCH_STOP_LEMMAS = frozenset(fold(w) for w in SEARCH_STOP_LEMMAS)

#: Words that describe nearly every service ("pomoc", "wsparcie"): a query ignores them when it
#: has any other word (they still count inside a thesaurus phrase such as "pomoc prawna").
GENERIC_LEMMAS = frozenset(
    fold(w)
    for w in [
        "pomoc",
        "wsparcie",
        "usługa",
        "szukać",
        "potrzebować",
        "potrzebny",
        "potrzeba",
        "znaleźć",
        "załatwić",
        "sprawa",
        "miejsce",
        "ktoś",
        "coś",
        "informacja",
    ]
)

#: Weight of a key by the field it comes from (the best field counts).
FIELD_WEIGHTS = {
    "name": 5,
    "group": 4,
    "category": 4,
    "type": 3,
    "eligibility": 3,
    "description": 2,
    "institution": 2,
    "institution_description": 1,
    "competence": 1,
}


@dataclass(frozen=True, slots=True)
class Token:
    surface: str  # folded
    lemma: str  # folded
    pos: int = 0  # index of the word in :func:`graph.text.words` of the text (stop words included)


def analyse(text: str | None) -> list[Token]:
    """Content words of ``text`` in order (stop words and one-letter words dropped).

    >>> [t.lemma for t in analyse("Pomoc dla osób bezdomnych")]
    ['pomoc', 'bezdomny']
    """
    out: list[Token] = []
    for pos, raw in enumerate(words(text)):
        surface = fold(raw)
        if len(raw) < 2 or surface in STOPWORDS:
            continue
        lem = lemma(raw)
        if lem in SEARCH_STOP_LEMMAS or surface in SEARCH_STOP_LEMMAS:
            continue
        out.append(Token(surface, lem, pos))
    return out

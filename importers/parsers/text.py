"""Text normalisation for matching Polish names (gminas, powiats, institutions)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "fold", "normalize_gmina_name", "normalize_powiat_name"]

# Letters that do not decompose under NFKD.
_SPECIAL = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "ß": "ss", "đ": "d"})
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))
_WS = re.compile(r"\s+")
_HYPHEN_SPACES = re.compile(r"\s*-\s*")
_PARENS = re.compile(r"[()\[\]{}]")
# Punctuation stripped from both ends (inner dots/hyphens are kept: "m. st.", "Kędzierzyn-Koźle").
_EDGE_PUNCT = "-–—,;:.!?\"'()[]{}/\\*_ "


def clean_text(value: str | None) -> str:
    """Collapse all whitespace (incl. line breaks, NBSP) to single spaces and strip."""
    if value is None:
        return ""
    return _WS.sub(" ", value.replace("\u00a0", " ")).strip()


def _fold(s: str, keep_parens: bool) -> str:
    s = s.translate(_SPECIAL).translate(_DASHES)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.lower()
    if not keep_parens:
        s = _PARENS.sub(" ", s)
    s = _WS.sub(" ", s).strip()
    s = _HYPHEN_SPACES.sub("-", s)
    return s.strip(_EDGE_PUNCT)


def fold(s: str) -> str:
    """Lowercase, without Polish diacritics (ł→l), single spaces, no punctuation at the ends.

    Brackets are dropped (``"Dobra (Szczecińska)"`` → ``"dobra szczecinska"``).
    Spaces around inner hyphens are removed, so ``"Krynica - Zdrój"`` and
    ``"Krynica-Zdrój"`` fold to the same ``"krynica-zdroj"``.
    """
    return _fold(s, keep_parens=False)


# --- gmina names -----------------------------------------------------------------------
# Words that only describe the unit, never part of a gmina's own name.  They are removed
# anywhere.  ("miasto" is NOT here: "Nowe Miasto", "Nowe Miasto Lubawskie" are names.)
_NOISE_ANYWHERE = {
    "gmina",
    "gminy",
    "gm",
    "gm.",
    "miejsko",
    "miejsko-wiejska",
    "miejsko-wiejskiej",
    "wiejska",
    "wiejskiej",
    "wiejsko",
    "m.st",
    "m.st.",
    "st.",
    "m-w",
    "m.-w.",
    "gm.w.",
    "gm.m.",
    "(m)",
    "(m.)",
    "(gm)",
    "(gm.)",
    "(miasto)",
    "(gmina)",
    "(w)",
}
# Removed only as the first word(s): "Miasto Kraków", "M. Tarnów", "Gmina Miejska Oświęcim".
_NOISE_LEADING = {"miasto", "m", "m.", "miasta"}
# Removed only as the last word: "Żarki Miejsko", "Bochnia - miasto" (after a dash only).
_NOISE_TRAILING = {"miejska", "m", "m."}
_LEADING_AND = re.compile(r"^(?:(?:miasto|gmina|gm\.?)\s+i\s+)+")
# "Gmina Miejska Oświęcim" ("Miejska Górka" on its own is a real name and is kept).
_LEADING_KIND = re.compile(r"^(?:gmina|gm\.?)\s+(?:miejsko-wiejska|miejska|wiejska)\s+")


def _strip_edges(s: str) -> str:
    return s.strip(_EDGE_PUNCT)


def normalize_gmina_name(s: str) -> str:
    """Fold a gmina name and drop descriptive noise ("gmina", "miasto", "miejsko", "m.", …).

    Examples: ``"Buczkowice Gmina Buczkowice-"`` → ``"buczkowice"``,
    ``"Żarki Miejsko"`` → ``"zarki"``, ``"Miasto i Gmina Niepołomice"`` → ``"niepolomice"``,
    ``"Nowe Miasto Lubawskie"`` → ``"nowe miasto lubawskie"`` (kept).
    """
    s = _fold(s, keep_parens=True)
    # "Bochnia - miasto" / "Bochnia (miasto)" / "Karlino - gmina" / "Tarnów (m.)"
    s = re.sub(r"\((?:miasto|gmina|m|gm|m\.|gm\.|obszar wiejski|gmina wiejska|gmina miejska)\)?$", "", s)
    s = re.sub(r"-(?:miasto|gmina|obszar wiejski)$", "", s)
    s = _WS.sub(" ", _PARENS.sub(" ", s)).strip()
    s = _LEADING_AND.sub("", s)
    s = _LEADING_KIND.sub("", s)
    tokens = [t for t in s.split(" ") if t]
    tokens = [t for t in tokens if t not in _NOISE_ANYWHERE]
    while len(tokens) > 1 and tokens[0] in _NOISE_LEADING:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in _NOISE_TRAILING:
        tokens.pop()
    tokens = [_strip_edges(t) for t in tokens]
    tokens = [t for t in tokens if t]
    # "Buczkowice Buczkowice" (the name repeated after removing "Gmina")
    half = len(tokens) // 2
    if len(tokens) % 2 == 0 and half and tokens[:half] == tokens[half:]:
        tokens = tokens[:half]
    return _strip_edges(" ".join(tokens))


def normalize_powiat_name(s: str) -> str:
    """Fold a powiat name, dropping "powiat", "m.", "miasto na prawach powiatu" and the like.

    ``"powiat bolesławiecki"`` → ``"boleslawiecki"``, ``"m. Kraków"`` → ``"krakow"``,
    ``"Miasto Nowy Sącz"`` → ``"nowy sacz"``.
    """
    s = fold(s)
    s = re.sub(r"\bna prawach powiatu\b", "", s)
    s = re.sub(r"^(?:powiat|pow\.?|m\.\s*st\.|miasto stoleczne|miasto|m\.?)\s+", "", s)
    s = re.sub(r"\s+(?:powiat|miasto)$", "", s)
    return _strip_edges(_WS.sub(" ", s))

"""Cleaning and matching of area names as they arrive in municipal tables.

Names come in capitals ("ERLENBACH"), with odd spacing around "/"
("Erzhütten/ Wiesenthalerhof"), abbreviated ("Karl-Pfaff-Siedlg."), and, when
a PDF was copied, with Cyrillic look-alike letters ("Нонемескем" for
"HOHENECKEN"). :func:`clean_name` produces a display name, :func:`name_key` a
key for matching, and :func:`match_names` pairs two lists of names and reports
how each pair was found.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["NameMatch", "clean_name", "fold_confusables", "match_names", "name_key"]

# Letters from other scripts that look like Latin letters in common PDF fonts.
# Lower-case Cyrillic "н" and "м" render as small capitals H and M.
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic upper case
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
        "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J",
        "Ѕ": "S",
        # Cyrillic lower case
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y",
        "і": "i", "ј": "j", "ѕ": "s", "к": "k", "н": "h", "м": "m", "т": "t",
        # Greek
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
        "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        "ο": "o", "ν": "v",
    }
)

# Abbreviations seen in municipal district names, expanded for display.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bSiedlg\.", "Siedlung"),
    (r"\bStr\.", "Straße"),
    (r"\bSt\.", "Sankt"),
)

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold_confusables(text: str) -> str:
    """Replace look-alike letters from other scripts by their Latin twins."""
    return unicodedata.normalize("NFKC", text).translate(_CONFUSABLES)


def _fix_capitals(word: str) -> str:
    if len(word) > 1 and word.isupper():
        # "MÖLSCHBACH" -> "Mölschbach"; hyphenated parts keep their own capital.
        return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
    return word


def clean_name(raw: str) -> str:
    """Return a tidy display name for a raw area name.

    >>> clean_name("Erzhütten/ Wiesenthalerhof")
    'Erzhütten / Wiesenthalerhof'
    >>> clean_name("MÖLSCHBACH")
    'Mölschbach'
    """
    text = fold_confusables(str(raw))
    text = re.sub(r"\s*/\s*", " / ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, replacement in _ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    return " ".join(_fix_capitals(word) for word in text.split(" "))


def name_key(raw: str) -> str:
    """Return a matching key: case, umlauts, ß, punctuation and spacing folded.

    >>> name_key("Erzhütten/ Wiesenthalerhof") == name_key("ERZHÜTTEN / Wiesenthalerhof")
    True
    """
    text = clean_name(raw).casefold().translate(_UMLAUTS)
    return re.sub(r"[^a-z0-9]+", "", text)


@dataclass(frozen=True)
class NameMatch:
    """How one name of the left list found its partner in the right list."""

    left: str
    right: str | None
    method: str  # "exact", "fuzzy" or "none"
    score: float


def match_names(
    left: Iterable[str], right: Iterable[str], *, cutoff: float = 0.75
) -> list[NameMatch]:
    """Pair each left name with a right name: exact key first, then fuzzy.

    Fuzzy matches (for example a PDF-garbled name) are reported as such, so a
    person can confirm them. A right name is used at most once.
    """
    left_names = list(dict.fromkeys(left))
    right_names = list(dict.fromkeys(right))
    keys = {name: name_key(name) for name in right_names}  # once: a key costs a clean-up and a regex
    by_key = {key: name for name, key in keys.items()}
    used: set[str] = set()
    results: dict[str, NameMatch] = {}
    pending: list[str] = []
    for name in left_names:
        partner = by_key.get(name_key(name))
        if partner is not None and partner not in used:
            used.add(partner)
            results[name] = NameMatch(name, partner, "exact", 1.0)
        else:
            pending.append(name)
    for name in pending:
        free = {keys[n]: n for n in right_names if n not in used}
        best = difflib.get_close_matches(name_key(name), list(free), n=1, cutoff=cutoff)
        if best:
            partner = free[best[0]]
            used.add(partner)
            score = difflib.SequenceMatcher(None, name_key(name), best[0]).ratio()
            results[name] = NameMatch(name, partner, "fuzzy", round(score, 3))
        else:
            results[name] = NameMatch(name, None, "none", 0.0)
    return [results[name] for name in left_names]

"""Messages from the data model in the reader's language only.

Errors of ``geo/``, ``exports/`` and ``storage/`` are typed (:class:`geo.i18n.MessageError`): a catalogue
key and its values, translated here (:func:`said`; :func:`shown` also escapes for Markdown), while
``str()`` gives German and English in one line for the command lines. Texts still stored in both
languages ("weniger als 300 Einwohner / fewer than 300 residents", a stored boundary problem) are cut
to the reader's half by :func:`one_language`.
"""

from __future__ import annotations

import re

from geo.i18n import MessageError, lang_index
from ui.shell.markdown import md_escape
from ui.shell import session

__all__ = ["one_language", "said", "shown"]

# " / " between the German and the English half: after the end of a sentence or a closing quote or
# bracket, before a capital, a quote or a digit. Names such as "Erzhütten / Wiesenthalerhof" and
# formulas "Ausländer / Einwohner" have a letter before the slash and stay whole.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?)“”\"'\]»])\s+/\s+(?=[A-Z'\"‘“(\d])")
# Short reasons without a full stop ("weniger als 300 Einwohner / fewer than 300 residents").
_REASON_SPLIT = re.compile(r"\s+/\s+")


def one_language(text: str, lang: str, short: bool = False) -> str:
    """The ``lang`` half of a bilingual ``text``; the whole text where it is not bilingual.

    ``short`` splits at any " / " (a reason of a few words, never a name).

    >>> one_language("„abc“ ist keine Zahl (z. B. „1,5“). / 'abc' is not a number (example: '1,5').", "de")
    '„abc“ ist keine Zahl (z. B. „1,5“).'
    >>> one_language("„abc“ ist keine Zahl. / 'abc' is not a number.", "en")
    "'abc' is not a number."
    >>> one_language("Erzhütten / Wiesenthalerhof fehlt.", "en")
    'Erzhütten / Wiesenthalerhof fehlt.'
    >>> one_language("weniger als 300 Einwohner / fewer than 300 residents", "de", short=True)
    'weniger als 300 Einwohner'
    """
    parts = (_REASON_SPLIT if short else _SENTENCE_SPLIT).split(text, maxsplit=1)
    if len(parts) != 2:
        return text
    return parts[lang_index(lang)]


def said(error: object, lang: str) -> str:
    """An error (or its text) in the reader's language, not escaped (for a message that is cleaned further,
    e.g. of server paths, before it is escaped)."""
    if isinstance(error, MessageError) and error.key:  # a typed error: translated from the catalogue
        return error.text(lang)
    halves = getattr(error, "halves", None)  # an error that keeps its German and English apart (BoundaryError)
    if isinstance(halves, tuple) and len(halves) == 2:
        return str(halves[lang_index(lang)])
    return one_language(str(error), lang)


def shown(error: object, lang: str | None = None) -> str:
    """An error (or its text) for ``st.error`` and friends: the reader's half, escaped for Markdown."""
    return md_escape(said(error, session.lang() if lang is None else lang))

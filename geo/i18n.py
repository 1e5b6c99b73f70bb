"""The message catalogues: every word the dashboard says, German first, English second (gettext via
Babel).

The catalogues live in ``locale/<lang>/LC_MESSAGES/messages.po`` (msgids are symbolic keys such as
``page_map``); ``messages.pot`` is extracted from the code (``make locale``). A compiled
``messages.mo`` is used when it is present and not older than its ``.po`` (``make locale`` writes it
at set-up); otherwise the ``.po`` is compiled in memory at first use, so a clean clone works without
a build step and nothing is written at run time.

>>> tr("page_map", "de"), tr("page_map", "en")
('Karte', 'Map')
>>> tr("number_between", "en", low=1, high=7)
'Please enter a number from 1 to 7.'
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = ["DOMAIN", "LANGS", "LOCALE_DIR", "MessageError", "Words", "has", "in_language", "keys", "lang_index", "localized", "tr"]

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"
LANGS = ("de", "en")


def _po(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def _translations(lang: str) -> Translations:
    po, mo = _po(lang), _po(lang).with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@lru_cache(maxsize=1)
def keys() -> frozenset[str]:
    """Every msgid of the German catalogue (the reference language)."""
    return frozenset(k for k in _translations("de")._catalog if isinstance(k, str) and k)


def has(key: str) -> bool:
    return key in keys()


def tr(key: str, lang: str = "de", **values: object) -> str:
    """The message ``key`` in ``lang`` (German when the language is unknown), formatted with
    ``values`` (``{name}`` placeholders). ``KeyError`` for a key no catalogue has."""
    if key not in keys():
        raise KeyError(key)
    text = _translations(lang if lang in LANGS else "de").gettext(key)
    if text == key:  # not translated in this language: German, never the raw key
        text = _translations("de").gettext(key)
    return text.format(**values) if values else text


def in_language(record: object, field: str, lang: str = "de") -> str:
    """A bilingual field of a data record (``title_de``/``title_en`` of a source read from a data
    file): the reader's language, German when that one is empty or unknown.

    >>> from types import SimpleNamespace
    >>> in_language(SimpleNamespace(title_de="Statistik", title_en="Statistics"), "title", "en")
    'Statistics'
    """
    return localized(getattr(record, f"{field}_de"), getattr(record, f"{field}_en", ""), lang)


def localized(de: str, en: str, lang: str = "de") -> str:
    """One of two data words (a dataset's own word for its districts, a unit from a data file): the
    English one for an English reader when there is one, else the German one. UI text is never chosen
    this way: it lives in the catalogues (:func:`tr`).

    >>> localized("Ortsbezirk", "district", "en"), localized("Ortsbezirk", "", "en"), localized("Ortsbezirk", "district", "fr")
    ('district', 'Ortsbezirk', 'Ortsbezirk')
    """
    return (en if lang == "en" else "") or de


def lang_index(lang: str) -> int:
    """Position of ``lang`` in a (German, English) pair; German for an unknown language.

    >>> lang_index("en"), lang_index("de"), lang_index("fr")
    (1, 0, 0)
    """
    return LANGS.index(lang) if lang in LANGS else 0


class MessageError(ValueError):
    """An error that carries a catalogue key and its values, so the UI shows it in the reader's
    language (``error.text(lang)``); ``str(error)`` is German and English in one line, as the
    command lines print it.

    >>> error = MessageError("cls_no_values")
    >>> error.text("en"), str(error)
    ('No values to classify.', 'Keine Werte zum Klassifizieren. / No values to classify.')
    >>> MessageError("Zeile 3: leer. / Row 3: empty.").key is None
    True
    """

    def __init__(self, key: str, **values: object):
        if not values and not has(key):  # a text passed on from elsewhere ("Zeile 3: " + an error), as it is
            self.key, self.values = None, {}
            super().__init__(key)
            return
        self.key = key
        self.values = values
        super().__init__(f"{self.text('de')} / {self.text('en')}")

    def text(self, lang: str = "de") -> str:
        """The message in ``lang``; a passed-on text as it is (both languages, the UI keeps the reader's half).
        A value given as :class:`Words` is put in in ``lang`` too."""
        if not self.key:
            return str(self)
        values = {name: value.text(lang) if isinstance(value, Words) else value for name, value in self.values.items()}
        return tr(self.key, lang, **values)


class Words(tuple):
    """A value of a :class:`MessageError` that is itself said in two languages (what changed meanwhile, a
    list of reasons): ``Words(de, en)``; the message puts in the reader's half.

    >>> Words("Methode geändert", "method changed").text("en")
    'method changed'
    """

    def __new__(cls, de: str, en: str) -> "Words":
        return super().__new__(cls, (str(de), str(en)))

    def __getnewargs__(self) -> tuple[str, str]:  # pickled with a cached result (st.cache_data)
        return self[0], self[1]

    def text(self, lang: str = "de") -> str:
        return localized(self[0], self[1], lang)

"""Every user-facing string, German first, English second: ``t(key, lang)`` reads the gettext
catalogues (``locale/<lang>/LC_MESSAGES/messages.po``, see :mod:`geo.i18n`).

The msgids are symbolic keys (``page_map``). A new string is a new entry in both ``.po`` files
(German and English); ``tests/test_catalogue.py`` fails when either language lacks it.

``STRINGS`` below is only a landing place for entries written the old way (``{key: {"de": …,
"en": …}}``) by a branch that predates the catalogues: ``t`` reads them until the conversion script
moves them into the ``.po`` files, and the catalogue test fails while any are left.
"""

from __future__ import annotations

from geo.i18n import has, keys, tr

__all__ = ["LANGUAGES", "SCHEME_KEYS", "STRINGS", "exists", "string_keys", "t", "tmd", "tn"]

LANGUAGES = {"de": "Deutsch", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {}

SCHEME_KEYS = ("quantiles", "equal_interval", "fisher_jenks", "std_mean", "manual")


def exists(key: str) -> bool:
    """True when ``key`` is a message (in the catalogues or, not yet moved, in ``STRINGS``)."""
    return has(key) or key in STRINGS


def string_keys() -> frozenset[str]:
    """Every message key."""
    return keys() | frozenset(STRINGS)


def t(key: str, lang: str = "de", **values: object) -> str:
    """The string ``key`` in ``lang`` (German when the language is unknown), formatted."""
    if key in STRINGS:
        entry = STRINGS[key]
        text = entry.get(lang) or entry["de"]
        return text.format(**values) if values else text
    return tr(key, lang, **values)


def tmd(key: str, lang: str = "de", **values: object) -> str:
    """Like :func:`t`, for Markdown (st.info, st.caption, titles): the values, which come from data
    files and users, are escaped, so a planted ``![x](http://…)`` or ``[link](…)`` shows as typed."""
    from ui.shell.markdown import md_escape

    return t(key, lang, **{k: md_escape(v) for k, v in values.items()})


def tn(key: str, n: int, lang: str = "de", **values: object) -> str:
    """The string ``key`` for the count ``n``: ``key_one`` when ``n`` is 1 and such a row exists
    ("1 Gebiet"), else ``key``; ``n`` is passed on as ``{n}``."""
    one = f"{key}_one"
    return t(one if n == 1 and exists(one) else key, lang, n=n, **values)

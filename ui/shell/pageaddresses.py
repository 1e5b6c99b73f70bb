"""Every page's one address, and what the server does with any other path.

The pages and their addresses are declared once (:data:`PAGES`); ``dashboard.py`` builds the
navigation from them and docs/sharing.md lists them. A visitor who types or follows another address
(``/karte``, ``/rangfolge-und-typen``, an old link, a page the public site does not have) must not
meet Streamlit's English "Page not found" dialog. :class:`PageAddressMiddleware` answers such a
request before Streamlit sees it: a page's other name (its German or English title, written as an
address) goes to the page, anything else to the map with the unknown path in the ``adresse``
parameter, which the app turns into a German notice (:func:`ui.shell.state.load_from_url`).

Only page-like paths are touched: one path segment without a file extension, not one of
Streamlit's own (``_stcore``, ``static``, ``component``, ``media``, ``app``), and only for ``GET``
and ``HEAD``. Everything else passes through unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

__all__ = [
    "PAGES",
    "UNKNOWN_PARAM",
    "PageAddress",
    "PageAddressMiddleware",
    "addresses",
    "redirect_target",
    "slug",
]

UNKNOWN_PARAM = "adresse"


@dataclass(frozen=True)
class PageAddress:
    """One page: its script, the string key of its title, its address (``""`` = the app's root)."""

    script: str
    title_key: str
    path: str
    officer_only: bool = False  # the public site has no such page (an address of it opens the map)


PAGES: tuple[PageAddress, ...] = (
    PageAddress("pages/map.py", "page_map", ""),
    PageAddress("pages/screening.py", "page_screening", "screening"),
    PageAddress("pages/ranking.py", "page_ranking", "rangfolge"),
    PageAddress("pages/compare.py", "page_compare", "vergleich"),
    PageAddress("pages/network.py", "page_network", "netzwerk"),
    PageAddress("pages/projects.py", "page_projects", "projekte"),
    PageAddress("pages/selections.py", "page_selections", "auswahl"),
    PageAddress("pages/data.py", "page_data", "daten"),
    PageAddress("pages/upload.py", "page_upload", "import", officer_only=True),
)

# Streamlit's own first path segments (assets, websocket, components, media, static files).
_RESERVED = frozenset({"_stcore", "static", "component", "media", "app", "healthz", "favicon.ico"})
_PAGE_LIKE = re.compile(r"^/([^/.]+)/?$")


def slug(text: str) -> str:
    """A title as an address: lower case, umlauts spelt out, words joined by hyphens.

    >>> slug("Rangfolge und Typen")
    'rangfolge-und-typen'
    >>> slug("Daten importieren / Import data")
    'daten-importieren-import-data'
    >>> slug("Übersicht Größe")
    'uebersicht-groesse'
    """
    text = text.lower()
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelt)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def addresses(public: bool, titles: Callable[[str, str], str]) -> tuple[frozenset[str], dict[str, str]]:
    """``(pages, aliases)`` of a site: the addresses it serves, and other names that lead to one.

    ``titles(key, lang)`` gives a page title (``ui.shell.strings.t``); each title in German and English,
    written as an address, is an alias of its page, and so is ``karte``/``map`` of the root.
    """
    served = [page for page in PAGES if not (public and page.officer_only)]
    pages = frozenset(page.path for page in served if page.path)
    aliases: dict[str, str] = {"karte": "", "map": ""}
    for page in served:
        keys = [page.title_key]
        if page.title_key == "page_selections":
            keys.append("page_selections_public")
        for key in keys:
            for lang in ("de", "en"):
                name = slug(titles(key, lang))
                if name and name not in pages and name != page.path:
                    aliases.setdefault(name, page.path)
    return pages, aliases


def redirect_target(path: str, query: str, pages: frozenset[str], aliases: dict[str, str]) -> str | None:
    """Where a request for ``path`` (with its raw ``query``) is sent, or ``None`` to serve it as it is.

    >>> pages, aliases = frozenset({"vergleich"}), {"karte": ""}
    >>> redirect_target("/vergleich", "", pages, aliases) is None
    True
    >>> redirect_target("/karte", "ds=x", pages, aliases)
    '/?ds=x'
    >>> redirect_target("/gibtsnicht", "", pages, aliases)
    '/?adresse=%2Fgibtsnicht'
    >>> redirect_target("/static/js/index.js", "", pages, aliases) is None
    True
    """
    match = _PAGE_LIKE.match(path)
    if match is None:
        return None
    segment = match.group(1)
    if segment in _RESERVED or segment in pages:
        return None
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != UNKNOWN_PARAM]
    key = segment.lower()
    if key in pages:
        target = key
    elif key in aliases:
        target = aliases[key]
    else:
        target = ""
        params.append((UNKNOWN_PARAM, path[:200]))
    encoded = urlencode(params)
    return f"/{target}" + (f"?{encoded}" if encoded else "")


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class PageAddressMiddleware:
    """ASGI middleware: other names of a page and unknown page paths answered with a redirect.

    ``pages`` and ``aliases`` come from :func:`addresses` (built by the caller at start-up).
    """

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]],
                 pages: frozenset[str], aliases: dict[str, str]) -> None:
        self.app = app
        self.pages = pages
        self.aliases = aliases

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            query = scope.get("query_string", b"").decode("latin-1")
            target = redirect_target(scope.get("path", ""), query, self.pages, self.aliases)
            if target is not None:
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", target.encode("latin-1")), (b"content-length", b"0"),
                                        (b"cache-control", b"no-store")]})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)

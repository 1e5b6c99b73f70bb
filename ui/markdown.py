"""Text from data files and users, made safe for Streamlit's Markdown.

``st.markdown``, ``st.caption``, ``st.info`` and page titles interpret Markdown:
a dataset whose source reads ``![x](http://host/p.png)`` would make every
visitor's browser fetch that image, ``[text](url)`` would plant a link, ``$…$``
would be typeset and ``:red[…]`` coloured. Every character that can start such
a construct is backslash-escaped, and URLs are broken up so that they are not
turned into links; the text reads as typed.

>>> md_escape("![x](http://evil/p.png) & <b>1_000</b>")
'\\\\!\\\\[x\\\\](http\\\\://evil/p.png) &amp; \\\\<b\\\\>1\\\\_000\\\\</b\\\\>'
>>> md_escape("Erzhütten / Wiesenthalerhof")
'Erzhütten / Wiesenthalerhof'
"""

from __future__ import annotations

import re

__all__ = ["md_escape"]

# CommonMark's escapable ASCII punctuation that starts inline or block syntax, plus
# "$" (Streamlit's LaTeX) and ":" before "//" (so that no URL becomes an autolink).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~$])")
_URL = re.compile(r"(?i)(\w):(?=//)|\b(www)\.")


def md_escape(text: object) -> str:
    """``text`` as literal Markdown (HTML entities for ``&``; no links, images or HTML)."""
    escaped = str(text).replace("&", "&amp;")
    escaped = _SPECIAL.sub(r"\\\1", escaped)
    escaped = _URL.sub(lambda m: f"{m.group(1)}\\:" if m.group(1) else f"{m.group(2)}\\.", escaped)
    return escaped.replace("\n", " ")

"""Text from data files and users, made safe for Streamlit's Markdown.

``st.markdown``, ``st.caption``, ``st.info`` and page titles interpret Markdown:
a dataset whose source reads ``![x](http://host/p.png)`` would make every
visitor's browser fetch that image, ``[text](url)`` would plant a link, ``$…$``
would be typeset and ``:red[…]`` coloured. Every character that can start such
a construct is backslash-escaped, and URLs are broken up so that they are not
turned into links; the text reads as typed.

>>> md_escape("![x](http://evil/p.png) & <b>1_000</b>")
'\\\\!\\\\[x\\\\](http\\u2060\\\\://evil/p.png) &amp; \\\\<b\\\\>1\\\\_000\\\\</b\\\\>'
>>> md_escape("Erzhütten / Wiesenthalerhof")
'Erzhütten / Wiesenthalerhof'
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["md_escape", "md_table"]

# CommonMark's escapable ASCII punctuation that starts inline or block syntax, plus
# "$" (Streamlit's LaTeX) and ":" before "//" (so that no URL becomes an autolink).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~$])")
_URL = re.compile(r"(?i)(\w):(?=//)|\b(www)\.|@(?=\w)")
_JOINER = "\u2060"  # WORD JOINER: invisible, and no line break inside the URL either


def md_escape(text: object) -> str:
    """``text`` as literal Markdown (HTML entities for ``&``; no links, images or HTML)."""
    escaped = str(text).replace("&", "&amp;")
    escaped = _SPECIAL.sub(r"\\\1", escaped)
    escaped = _URL.sub(_break_url, escaped)
    return escaped.replace("\n", " ")


def _break_url(match: re.Match) -> str:
    # Streamlit's renderer finds bare URLs after escapes are resolved ("http\\://" still became a link):
    # an invisible word joiner between scheme and "://" (or after "www", "@") is what stops it.
    if match.group(1):
        return f"{match.group(1)}{_JOINER}\\:"
    if match.group(2):
        return f"{match.group(2)}{_JOINER}\\."
    return f"@{_JOINER}"


def md_table(frame: pd.DataFrame) -> pd.DataFrame:
    r"""A copy of ``frame`` for ``st.table``, which reads every cell, the index and the column headers as
    Markdown: all of them escaped, so a planted area name or CSV header shows as typed.

    >>> shown = md_table(pd.DataFrame({"![c](c.png)": ["$1$"]}, index=["[a](b)"]))
    >>> print(shown.columns[0], shown.index[0], shown.iloc[0, 0])
    \!\[c\](c.png) \[a\](b) \$1\$
    """
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(lambda v: v if v is None or (isinstance(v, float) and v != v) else md_escape(v))
    out.columns = [md_escape(c) for c in out.columns]
    out.index = pd.Index([md_escape(i) for i in out.index], name=None if out.index.name is None else md_escape(out.index.name))
    return out

"""Text from data reaches Markdown as text: no images, links, HTML, LaTeX or colours."""

import pytest

from ui.shell.markdown import md_escape


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Erzhütten / Wiesenthalerhof", "Erzhütten / Wiesenthalerhof"),
        ("![x](http://127.0.0.1:9/p.png)", "\\!\\[x\\](http\u2060\\://127.0.0.1:9/p.png)"),
        ("[klick](https://evil.example)", "\\[klick\\](https\u2060\\://evil.example)"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("siehe www.example.org", "siehe www\u2060\\.example.org"),
        ("Kosten $5$ & **fett**", "Kosten \\$5\\$ &amp; \\*\\*fett\\*\\*"),
        (":red[rot] _kursiv_", ":red\\[rot\\] \\_kursiv\\_"),
        ("Zeile 1\n# Überschrift", "Zeile 1 \\# Überschrift"),
        ("a\\b", "a\\\\b"),
        ("Quelle: http://127.0.0.1:9/q", "Quelle: http\u2060\\://127.0.0.1:9/q"),  # no bare-URL link either
        ("post@stadt.de", "post@\u2060stadt.de"),
    ],
)
def test_md_escape(text, expected):
    assert md_escape(text) == expected


def test_messages_with_data_values_escape_them_for_markdown():
    from ui.shell.strings import t, tmd

    planted = "![x](http://127.0.0.1:9/p.png)"
    assert tmd("unmatched", "de", names=planted) == t("unmatched", "de", names=md_escape(planted))
    assert "![x](" not in tmd("unmatched", "de", names=planted)

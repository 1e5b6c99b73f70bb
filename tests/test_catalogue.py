"""The gettext catalogues (locale/): every msgid has a German and an English translation, both with
the same placeholders, and every key the code asks for exists."""

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from geo.i18n import LANGS, LOCALE_DIR, tr
from ui.shell.strings import STRINGS, t, tn

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{(\w+)[^{}]*\}")


def _catalog(path: Path, lang: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.fixture(scope="module")
def catalogs():
    return {lang: _catalog(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", lang) for lang in LANGS}


@pytest.fixture(scope="module")
def template():
    return _catalog(LOCALE_DIR / "messages.pot")


def _ids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def test_template_and_catalogues_hold_the_same_msgids(catalogs, template):
    ids = _ids(template)
    assert len(ids) > 500
    for lang, catalog in catalogs.items():
        assert _ids(catalog) == ids, lang


def test_every_msgid_is_translated_in_both_languages(catalogs, template):
    missing = sorted(
        f"{lang}: {key}" for key in _ids(template) for lang, catalog in catalogs.items()
        if catalog.get(key) is None or not catalog[key].string or catalog[key].fuzzy
    )
    assert missing == []


def test_german_and_english_use_the_same_placeholders(catalogs, template):
    differ = [key for key in _ids(template)
              if set(PLACEHOLDER.findall(catalogs["de"][key].string)) != set(PLACEHOLDER.findall(catalogs["en"][key].string))]
    assert differ == []


def test_no_entry_is_left_outside_the_catalogues():
    # Entries written the old way land in ui.shell.strings.STRINGS; /work/wt/h27b-strings2po.py moves them.
    assert STRINGS == {}


def _literal_keys() -> dict[str, str]:
    """Keys passed as string literals (or a literal either way of ``a if x else b``) to t/tmd/tn/tr."""
    found: dict[str, str] = {}
    for folder in ("geo", "ui", "pages", "exports", "storage"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("t", "tmd", "tn", "tr") and node.args:
                    first = node.args[0]
                    options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                    for option in options:
                        if isinstance(option, ast.Constant) and isinstance(option.value, str):
                            found[option.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_key_the_code_asks_for_exists(template):
    ids = _ids(template)
    used = _literal_keys()
    assert len(used) > 300
    assert sorted(f"{key} ({where})" for key, where in used.items() if key not in ids) == []


def test_lookup_in_both_languages():
    assert (t("page_map", "de"), t("page_map", "en")) == ("Karte", "Map")
    assert t("page_map", "fr") == "Karte"  # unknown language: German
    assert tr("number_between", "de", low=1, high=7) == "Bitte eine Zahl von 1 bis 7 eingeben."
    with pytest.raises(KeyError):
        tr("no_such_key_anywhere", "de")


def test_count_forms(catalogs):
    german = catalogs["de"]
    ones = sorted(key[: -len("_one")] for key in _ids(german) if key.endswith("_one")
                  and set(PLACEHOLDER.findall(german[key].string)) <= {"n"} and german.get(key[: -len("_one")]))
    assert ones, "the catalogue has singular forms"
    key = ones[0]
    assert tn(key, 1, "de") == german[key + "_one"].string.format(n=1)
    assert tn(key, 2, "de") == german[key].string.format(n=2)


def test_a_clean_clone_without_compiled_catalogues_reads_the_po_files(tmp_path, monkeypatch):
    import shutil

    import geo.i18n as i18n

    shutil.copytree(LOCALE_DIR, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n._translations.cache_clear()
    i18n.keys.cache_clear()
    try:
        assert i18n.tr("page_map", "en") == "Map"
        assert not list((tmp_path / "locale").rglob("*.mo"))  # compiled in memory, nothing written
    finally:
        i18n._translations.cache_clear()
        i18n.keys.cache_clear()


def test_a_typed_error_is_shown_in_the_readers_language():
    import pandas as pd

    from geo.analysis.classify import ClassificationError, classify
    from ui.shell.messages import shown

    with pytest.raises(ClassificationError) as caught:
        classify(pd.Series([1.0, 2.0, 3.0]), "quantiles", k=9)
    error = caught.value
    assert str(error) == "Klassenzahl 9 nicht möglich (3–7). / Number of classes 9 not allowed (3–7)."
    assert (error.key, error.values) == ("cls_k_range", {"k": 9})
    assert shown(error, "en") == "Number of classes 9 not allowed (3–7)."
    assert shown(error, "de") == "Klassenzahl 9 nicht möglich (3–7)."

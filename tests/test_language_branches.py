"""One way to say things: no UI text is chosen by an inline language branch or kept in a private
two-language table outside the catalogues (issue 27).

Words live in ``locale/<lang>/LC_MESSAGES/messages.po`` and are read with ``geo.i18n.tr`` /
``ui.shell.strings.t``; a word that comes from the data (a dataset's own word for its districts, a
title from a data file) is chosen by ``geo.i18n.localized`` / ``in_language``. The scan below fails on
``lang == "de"``, ``"de" if … else "en"`` and a dict literal keyed by both "de" and "en" anywhere in the
code outside geo/i18n.py and the landing table ui/shell/strings.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from geo.i18n import has

ROOT = Path(__file__).resolve().parents[1]
CODE = ("geo", "exports", "ui", "pages", "storage", "pipeline")
HOMES = {"geo/i18n.py", "ui/shell/strings.py"}  # the catalogue reader and the landing table for new entries
# Number and file conventions per language (separators, locale codes, the CSV dialect): no words.
CONVENTIONS = {
    ("geo/numbers/formatting.py", "LOCALES"),
    ("geo/numbers/formatting.py", "_SEPARATORS"),
    ("geo/numbers/parsing.py", "NUMBER_LOCALES"),
    ("geo/numbers/parsing.py", "_GROUP"),
    ("geo/numbers/parsing.py", "_EXAMPLE"),
    ("geo/numbers/parsing.py", "_OTHER"),
    ("geo/maps/gridmap.py", "_JS_LOCALE"),
    ("exports/cells.py", "_CSV_DIALECT"),
}
PRAGMA = "lang-branch-ok:"  # a branch on the language that chooses behaviour, not a text (with its reason)
LANG_CODES = {"de", "en"}


def _is_code(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value in LANG_CODES


def _key_codes(key: ast.AST | None) -> set[str]:
    if _is_code(key):
        return {key.value}
    if isinstance(key, ast.Tuple):  # {("remote_html", "de"): …}
        return {e.value for e in key.elts if _is_code(e)}
    return set()


def language_branches(source: str, path: str = "<planted>") -> list[str]:
    """Every inline language branch and two-language text table in ``source``, as "path:line: what"."""
    tree = ast.parse(source)
    lines = source.splitlines()
    allowed: set[int] = set()  # ids of dicts assigned to a convention table
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and (path, t.id) in CONVENTIONS for t in targets):
                allowed.add(id(node.value))
    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops) and (
            _is_code(node.left) or any(_is_code(c) for c in node.comparators)
        ):
            what = "compares the language with a code"
        elif isinstance(node, ast.IfExp) and (_is_code(node.body) or _is_code(node.orelse)):
            what = "picks a language code inline"
        elif isinstance(node, ast.Dict) and id(node) not in allowed:
            codes = set().union(*(_key_codes(k) for k in node.keys)) if node.keys else set()
            if codes == LANG_CODES:
                what = "a table keyed by both languages"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            if {k.arg for k in node.keywords} >= LANG_CODES:
                what = "a table keyed by both languages"
        if what and PRAGMA not in lines[node.lineno - 1]:
            found.append(f"{path}:{node.lineno}: {what}")
    return found


PLANTED = [
    'def f(lang):\n    return "Karte" if lang == "de" else "Map"\n',
    'def f(lang):\n    words = "en" if english else "de"\n',
    'def f(lang):\n    if lang != "en":\n        return "Karte"\n',
    '_WORDS = {"de": "Karte", "en": "Map"}\n',
    '_WORDS = {"map": {"de": "Karte", "en": "Map"}}\n',
    '_NOTES = {("remote", "de"): "ohne Internet", ("remote", "en"): "offline"}\n',
    '_WORDS = dict(de="Karte", en="Map")\n',
]


@pytest.mark.parametrize("source", PLANTED)
def test_the_scan_finds_a_planted_language_branch(source):
    assert len(language_branches(source)) == 1


def test_the_scan_lets_data_words_and_catalogue_reads_pass():
    ok = (
        'from geo.i18n import localized, tr\n'
        'def f(lang, dataset):\n'
        '    return tr("page_map", lang), localized(dataset.one_de, dataset.one_en, lang)\n'
        'LANGS = ("de", "en")\n'
        'def g(lang):\n'
        '    if lang != "en":  # lang-branch-ok: Streamlit\'s own words are English\n'
        '        pass\n'
    )
    assert language_branches(ok) == []
    assert language_branches('LOCALES = {"de": "de_DE", "en": "en_GB"}\n', "geo/numbers/formatting.py") == []
    assert len(language_branches('LOCALES = {"de": "de_DE", "en": "en_GB"}\n', "geo/maps/other.py")) == 1


def test_no_inline_language_branch_or_private_text_table_in_the_code():
    found = []
    for root in CODE:
        for path in sorted((ROOT / root).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel not in HOMES:
                found += language_branches(path.read_text(encoding="utf-8"), rel)
    assert found == []


# Modules that read their words through a small wrapper with a key prefix: every literal key they pass
# must be in the catalogue under that prefix (the general key test sees only literal tr()/t() calls).
WRAPPED = {
    "exports/pdf.py": ("_t", "pdf_"),
    "exports/network.py": ("_t", "netd_"),
    "exports/model.py": ("label", "doc_"),
    "geo/maps/staticmap.py": ("_t", "smap_"),
    "geo/analysis/recipe_tables.py": ("_w", "rtab_"),
}


@pytest.mark.parametrize("module", sorted(WRAPPED))
def test_the_prefixed_keys_of_a_wrapper_exist(module):
    function, prefix = WRAPPED[module]
    used = set()
    # label() of exports.model is called from every document writer; the others only in their module
    for path in (ROOT / "exports").rglob("*.py") if function == "label" else [ROOT / module]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                used.add(node.args[0].value)
    assert used, module
    assert sorted(k for k in used if not has(prefix + k)) == []


def test_the_tables_of_catalogue_keys_point_at_entries():
    from exports.network import MEASURE_TITLES
    from geo.analysis.quarters import METHODS
    from geo.analysis.recipe_tables import COLUMNS
    from geo.analysis.statusdynamics import DYNAMICS_CLASSES, NEUTRAL_CLASSES, NEUTRAL_DYNAMICS, STATUS_CLASSES
    from geo.maps.standalone import _HTML_TEXT

    keys = [*MEASURE_TITLES.values(), *METHODS.values(), *STATUS_CLASSES.values(), *NEUTRAL_CLASSES.values(),
            *(k for _, k in DYNAMICS_CLASSES.values()), *(k for _, k in NEUTRAL_DYNAMICS.values()),
            *(f"rtab_{c}" for c in COLUMNS), *(f"vhtml_{w}" for w in _HTML_TEXT),
            *(f"netd_status_{s}" for s in ("ok", "missing", "no_city_value")),
            *(f"vbasemap_{k}" for k in ("embedded_html", "remote_html", "uncovered_html", "uncovered_png", "remote_png"))]
    assert sorted(k for k in keys if not has(k)) == []
    assert len(keys) == 46


# --- typed errors: geo raises a key and its values, the UI shows one language ---------------------------------

def _raised_keys() -> dict[str, str]:
    """Every literal first argument of a ``raise SomethingError("key", …)`` in geo/ and storage/ that looks like a key."""
    found = {}
    for path in sorted([*(ROOT / "geo").rglob("*.py"), *(ROOT / "storage").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                first = node.exc.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and re.fullmatch(r"[a-z0-9_]+", first.value):
                    found[first.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_key_a_typed_error_raises_is_in_the_catalogue():
    raised = _raised_keys()
    assert len(raised) > 50
    assert sorted(f"{k} ({where})" for k, where in raised.items() if not has(k)) == []


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "noten.csv: Die Datei ist leer."),
    ("en", "noten.csv: The file is empty."),
])
def test_a_table_error_reaches_the_reader_in_one_language(tmp_path, lang, expected):
    from geo.read.tables import TableReadError, read_indicator_table
    from ui.shell.messages import shown

    empty = tmp_path / "noten.csv"
    empty.write_bytes(b"")
    with pytest.raises(TableReadError) as caught:
        read_indicator_table(empty)
    assert caught.value.key == "tblerr_file_empty"
    assert shown(caught.value, lang) == expected
    assert str(caught.value) == "noten.csv: Die Datei ist leer. / noten.csv: The file is empty."  # the command line


def test_a_passed_on_text_stays_an_error_of_its_class():
    from geo.analysis.screening import ScreeningError

    error = ScreeningError("Zeile 3: leer. / Row 3: empty.")
    assert error.key is None and isinstance(error, ValueError) and error.text("en") == str(error)


# --- no new "Deutsch. / English." error text: a raised (or built) error carries a catalogue key ----------------

# The command lines print German and English on purpose (their own errors included): python -m geo.ranking,
# geo.recipes. Errors that pages can meet are typed (geo.i18n.MessageError), whatever module raises them.
BILINGUAL_OK = {"geo/ranking.py", "geo/recipes.py"}
# " / " after the end of a German sentence, a closing quote or bracket, before the English half.
_BILINGUAL = re.compile(r"[.!?)“”'\"\]»] / (?=\S)")


def _literal(node: ast.AST) -> str | None:
    """A string literal as written (an f-string with ``{}`` for its values); ``None`` for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def bilingual_errors(source: str, path: str = "<planted>") -> list[str]:
    """Every ``raise`` and every ``…Error(…)`` call whose text holds a German and an English half, as "path:line"."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        built = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Error")
        if isinstance(node, ast.Raise) or built:
            if any((text := _literal(part)) and _BILINGUAL.search(text) for part in ast.walk(node)):
                found.add(f"{path}:{node.lineno}")
    return sorted(found)


BILINGUAL_PLANTED = [
    'raise ValueError("Bitte einen Namen angeben. / Please give a name.")\n',
    'def f(name):\n    raise StorageError(\n        f"„{name}“ gibt es nicht. / "\n        f"\'{name}\' does not exist."\n    )\n',
    'def f(n):\n    failure = QuarterError(f"Zu groß ({n} km²). / Too large.")\n',
]


@pytest.mark.parametrize("source", BILINGUAL_PLANTED)
def test_the_scan_finds_a_planted_bilingual_error(source):
    assert len(bilingual_errors(source)) == 1


def test_the_scan_lets_typed_errors_names_and_formulas_pass():
    ok = (
        'raise StorageError("selerr_no_version", name=name, version=version)\n'
        'raise KeyError(f"Erzhütten / Wiesenthalerhof: {key}")\n'
        'text = "Ausländer / Einwohner"\n'
        'print("Fehler. / Error.")  # a command line prints both\n'
    )
    assert bilingual_errors(ok) == []


def test_no_error_outside_the_command_lines_is_built_from_a_bilingual_text():
    found = []
    for root in CODE:
        for path in sorted((ROOT / root).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel not in BILINGUAL_OK:
                found += bilingual_errors(path.read_text(encoding="utf-8"), rel)
    assert found == []


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "Nicht gespeichert: „Kern“ hat inzwischen Version 2, gespeichert von B am 05.12.2026 03:00 (Methode geändert); "
           "Ihre Änderung beruht auf einer neuen Auswahl. Bitte die neueste Version laden und Ihre Änderungen dort übernehmen."),
    ("en", "Not saved: 'Kern' is now at version 2, saved by B on 05.12.2026 03:00 (method changed); your change started "
           "from a new selection. Please load the newest version and make your changes there."),
])
def test_a_value_in_two_languages_is_put_in_in_the_readers_language(lang, expected):
    from geo.i18n import Words
    from storage.selections import SelectionConflict
    from ui.shell.messages import shown

    error = SelectionConflict("selerr_conflict", name="Kern", version=2, author="B", when="05.12.2026 03:00",
                              changes=Words("Methode geändert", "method changed"),
                              start=Words("einer neuen Auswahl", "a new selection"))
    assert error.text(lang) == expected
    assert shown(error, lang) == shown(expected, lang)
    assert str(error).count(" / ") == 1 and str(error).startswith("Nicht gespeichert") and str(error).endswith("there.")


def test_a_typed_error_keeps_its_key_and_values_through_a_cache():
    """st.cache_data pickles what it keeps (a recipe's refusal inside its run, the settings' warnings)."""
    import pickle

    from geo.analysis.recipes import RecipeError
    from geo.i18n import Words
    from geo.store.datastore import DatasetWriteError

    kept = pickle.loads(pickle.dumps(RecipeError("rcperr_no_city_value", role=Words("Anteil A", "Share A"))))
    assert (kept.key, kept.text("en")) == ("rcperr_no_city_value", "'Share A' has no city value; the threshold rule needs it.")
    full = pickle.loads(pickle.dumps(DatasetWriteError(True)))
    assert full.disk_full and full.key == "dserr_disk_full" and isinstance(full, OSError)

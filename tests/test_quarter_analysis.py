"""AppTest: self-drawn quarters as extra rows on the screening and ranking pages (ui/views/quarter_analysis.py).

The quarter is saved through storage/quarters.py and put into the selection by the share link's
``q``; without a grid its figures are the district estimate (ui/shell/quarter_data.py). Expected values
are computed here from the dataset's own area values, not through the code under test.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.test_ui_quarters import POLYGON, TINY, XSS

ROW = f"{XSS} (selbst abgegrenzt)"  # st.dataframe shows plain text: the name as typed


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env


@pytest.fixture
def figures(dataset, map_geometry):
    from geo.analysis.quarters import parse_quarter, quarter_figures
    from ui.shell.quarter_data import district_counts

    return quarter_figures(parse_quarter(POLYGON), None, district_counts(dataset, map_geometry))


def _engine():
    from storage.db import database_url, make_engine, migrate

    engine = make_engine(database_url())
    migrate(engine)
    return engine


def _save(name: str, outline=POLYGON, published: bool = False) -> int:
    from geo.analysis.quarters import Disclosure
    from storage.quarters import publish_quarter, save_quarter

    engine = _engine()
    quarter = save_quarter(engine, name, outline, "anna", "kaiserslautern")
    if published:
        publish_quarter(engine, quarter.id, lambda *_: Disclosure(True))
    engine.dispose()
    return quarter.id


def open_page(page: str, q: str | None, lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    if q is not None:
        at.query_params["q"] = q
    if lang != "de":
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    return at


def _quarter_rows(frame) -> bool:
    return len(frame) > 0 and str(frame.iloc[0, 0]).endswith(("(selbst abgegrenzt)", "(self-drawn)"))


# AppTest gives a plain st.dataframe no key: each table is found by what it holds.
TABLES = {
    "screening_quarters": lambda f: {"Ergebnis", "Result"} & set(f.columns) and _quarter_rows(f),
    "ranking_quarters": lambda f: {"Rang", "Rank"} & set(f.columns) and _quarter_rows(f),
    # (the recipe section's table has a rank too, but no top-k share)
    "ranking_table": lambda f: {"Rang", "Rank"} & set(f.columns) and not _quarter_rows(f)
    and any(str(c).lower().startswith("in top") for c in f.columns),
    "types_quarters": lambda f: {"Quartierstyp", "Quarter type"} & set(f.columns),
    "types_profile": lambda f: len(f) > 0 and str(f.index[0]) in ("Typ 1", "Type 1"),
}


def _frame(at: AppTest, key: str):
    found = [d.value for d in at.dataframe if TABLES[key](d.value)]
    assert len(found) <= 1, f"{len(found)} tables match {key}"
    return found[0] if found else None


def _edit(at: AppTest, key: str, **change) -> AppTest:
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **change}
    return at.run()


def test_screening_checks_the_quarter_against_the_areas_thresholds(dataset, figures):
    quarter = _save(XSS)
    at = open_page("pages/screening.py", str(quarter))
    assert not at.exception
    rows = _frame(at, "screening_quarters")
    # The default conditions include the under-30 share, which a quarter does not have.
    assert rows.iloc[0].tolist()[:2] == [ROW, "ohne Wert (nicht bewertbar)"]
    assert rows.iloc[0, 3] == "–"
    assert "18 Gebieten" in at.markdown[0].value  # the areas' count of matches is the areas' alone
    _edit(at, "screening_conditions", deleted_rows=[1])  # share of foreigners ≥ 1.2 × city value only
    rows = _frame(at, "screening_quarters")
    threshold = 1.2 * dataset.city["foreign_share"]
    expected = "erfüllt" if figures.share >= threshold else "erfüllt nicht"
    assert rows.columns.tolist() == ["Gebiet", "Ergebnis", "Anteil Ausländerinnen und Ausländer"]
    assert rows.iloc[0].tolist() == [ROW, expected, f"{figures.share:.1f}\u00a0%".replace(".", ",")]
    _edit(at, "screening_conditions", deleted_rows=[1],
          edited_rows={0: {"relative": False, "threshold": f"{figures.share - 0.05:.2f}".replace(".", ",")}})
    assert _frame(at, "screening_quarters").iloc[0, 1] == "erfüllt"
    _edit(at, "screening_conditions", deleted_rows=[1],
          edited_rows={0: {"relative": False, "threshold": f"{figures.share + 0.05:.2f}".replace(".", ",")}})
    assert _frame(at, "screening_quarters").iloc[0, 1] == "erfüllt nicht"


def test_screening_without_a_quarter_in_the_selection_has_no_extra_rows():
    _save("Slevfisch")  # saved, but not in the selection
    at = open_page("pages/screening.py", None)
    assert not at.exception
    assert _frame(at, "screening_quarters") is None


def test_ranking_scores_the_quarter_with_the_areas_standardisation(dataset, figures):
    plain = open_page("pages/ranking.py", None)
    quarter = _save(XSS)
    at = open_page("pages/ranking.py", str(quarter))
    assert not at.exception
    # Default weights include the under-30 share: the quarter cannot be scored, and says why.
    assert _frame(at, "ranking_quarters") is None
    assert any("Nicht bewertbar" in c.value and "unter 30" in c.value for c in at.caption)
    _edit(at, "ranking_weights", edited_rows={1: {"weight": "0"}})  # share of foreigners alone
    _edit(plain, "ranking_weights", edited_rows={1: {"weight": "0"}})
    shares = dataset.areas["foreign_share"].dropna()
    z = (figures.share - shares.mean()) / shares.std(ddof=0)
    would = 1 + int((shares > figures.share).sum())
    rows = _frame(at, "ranking_quarters")
    assert rows.columns.tolist() == ["Gebiet", "Rang", "Index", "in Top 3 (Anteil der Gewichtungen)"]
    assert rows.iloc[0].tolist() == [ROW, f"würde Rang {would} von {len(shares) + 1} belegen",
                                     f"{z:.2f}".replace(".", ",").replace("-", "\u2212"), "100 %" if would <= 3 else "0 %"]
    # The areas' table is exactly the one without the quarter: same ranks, same index values.
    assert _frame(at, "ranking_table").equals(_frame(plain, "ranking_table"))
    assert any("ändern deren z-Werte, Index und Ränge nicht" in c.value for c in at.caption)
    # Quarter types: the nearest type profile; the areas' profile is unchanged.
    assert _frame(at, "types_profile").equals(_frame(plain, "types_profile"))
    profile = _frame(at, "types_profile")
    centres = {name: float(str(value).replace(",", ".").replace("\u2212", "-")) for name, value in
               profile["Anteil Ausländerinnen und Ausländer"].items()}
    nearest = min(centres, key=lambda name: abs(centres[name] - z))
    assert _frame(at, "types_quarters").iloc[0].tolist() == [ROW, nearest]


def test_ranking_in_english_says_would_rank(figures, dataset):
    quarter = _save("Slevfisch")
    at = open_page("pages/ranking.py", str(quarter), lang="en")
    _edit(at, "ranking_weights", edited_rows={1: {"weight": "0"}})
    assert not at.exception
    shares = dataset.areas["foreign_share"].dropna()
    would = 1 + int((shares > figures.share).sum())
    assert _frame(at, "ranking_quarters").iloc[0, :2].tolist() == [
        "Slevfisch (self-drawn)", f"would rank {would} of {len(shares) + 1}"]


@pytest.mark.parametrize("page, key", [("pages/screening.py", "screening_quarters"),
                                       ("pages/ranking.py", "ranking_quarters")])
def test_public_mode_shows_only_published_quarters_with_enough_residents(monkeypatch, page, key):
    shown = _save("Groß", published=True)
    planted = _save("Intern <b>geheim</b>")  # never published
    tiny = _save("Klein", TINY, published=True)  # published under a lower threshold, now too small
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    monkeypatch.setenv("ANKUNFTSATLAS_MIN_RESIDENTS", "300")
    at = open_page(page, f"{planted},{tiny},{shown}")
    if key == "ranking_quarters":
        _edit(at, "ranking_weights", edited_rows={1: {"weight": "0"}})
    assert not at.exception
    assert _frame(at, key).iloc[:, 0].tolist() == ["Groß (selbst abgegrenzt)"]
    everything = " ".join(
        [str(d.value.to_dict()) for d in at.dataframe]
        + [e.value for kind in ("markdown", "caption", "text", "info", "warning") for e in getattr(at, kind)]
    )
    assert "Intern" not in everything and "geheim" not in everything and "Klein" not in everything

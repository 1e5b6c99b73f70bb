import math

import pytest

from geo.disclosure import DisclosureRules, apply_disclosure, suppression


def test_defaults_hide_nothing_in_kaiserslautern(dataset):
    # Every area has well over 300 residents and over 3 foreign residents.
    assert suppression(dataset, DisclosureRules()) == {}


def test_small_areas_are_hidden_whole(dataset):
    hidden = suppression(dataset, DisclosureRules(min_residents=1400))
    # Mölschbach (≈1,190) and Einsiedlerhof (≈1,308) are below 1,400: two hidden, no secondary needed.
    assert sorted(hidden) == ["einsiedlerhof", "moelschbach"]
    assert set(hidden["moelschbach"]) == {"foreign_share", "foreign_share_u30", "foreigners", "residents"}


def test_single_hidden_area_gets_a_partner(dataset):
    hidden = suppression(dataset, DisclosureRules(min_residents=1200))
    # Only Mölschbach is small; the city total would reveal it, so the next
    # smallest area (Einsiedlerhof) is hidden as well.
    assert sorted(hidden) == ["einsiedlerhof", "moelschbach"]


def test_small_counts_hide_their_shares_and_kernstadt_gets_secondary(dataset):
    hidden = suppression(dataset, DisclosureRules(min_count=500))
    assert set(hidden["betzenberg"]) >= {"foreigners", "foreign_share"}  # 473 < 500
    # Betzenberg is the only small count in the Kernstadt: a second Kernstadt area is hidden.
    kernstadt = [a for a in hidden if dataset.areas.loc[a, "part"] == "Kernstadt"]
    assert len(kernstadt) >= 2


def test_apply_disclosure_masks_values_keeps_totals_and_says_why(dataset):
    public = apply_disclosure(dataset, DisclosureRules(min_residents=1400))
    assert math.isnan(public.areas.loc["moelschbach", "foreigners"])
    assert math.isnan(public.units.table.loc["Mölschbach", "foreign_share"])
    assert public.units.table.loc["Innenstadt", "foreigners"] == 12258
    assert public.city["foreigners"] == 13918
    assert public.suppressed == {
        "moelschbach": "weniger als 1400 Einwohner / fewer than 1400 residents",
        "einsiedlerhof": "weniger als 1400 Einwohner / fewer than 1400 residents",
    }
    assert dataset.areas.loc["moelschbach", "foreigners"] == 75  # the original is untouched


@pytest.mark.parametrize("rules", [DisclosureRules(min_residents=1200), DisclosureRules(min_count=200)])
def test_no_group_has_exactly_one_hidden_area(dataset, rules):
    hidden = suppression(dataset, rules)
    assert len(hidden) != 1
    for unit, n in dataset.units.members.items():
        if n > 1:
            assert sum(1 for a in dataset.areas_in(unit) if a in hidden) != 1

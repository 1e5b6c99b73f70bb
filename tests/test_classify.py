import numpy as np
import pandas as pd
import pytest

from geo.analysis.classify import K_RANGE, ClassificationError, classify, colours, parse_breaks, std_span

SHARES = pd.Series(
    [17.6, 20.4, 18.4, 12.4, 19.8, 10.2, 15.7, 13.3, 12.9, 7, 15.6, 6.7, 6.7, 6.3, 6.2, 9.2, 6.2, 6.9]
)


@pytest.mark.parametrize(
    ("scheme", "k", "bins", "counts"),
    [
        ("quantiles", 5, (6.7, 8.76, 12.98, 16.84, 20.4), (5, 2, 4, 3, 4)),
        ("equal_interval", 5, (9.04, 11.88, 14.72, 17.56, 20.4), (7, 2, 3, 2, 4)),
        ("fisher_jenks", 5, (7.0, 10.2, 13.3, 17.6, 20.4), (7, 2, 3, 3, 3)),
        ("Fisher-Jenks", 3, (10.2, 15.7, 20.4), (9, 5, 4)),
        ("std_mean", 4, (6.61, 11.75, 16.89, 20.4), (3, 6, 5, 4)),
    ],
)
def test_schemes_on_the_seed_shares(scheme, k, bins, counts):
    result = classify(SHARES, scheme=scheme, k=k)
    assert tuple(round(b, 2) for b in result.bins) == bins
    assert result.counts == counts
    assert result.lower == 6.2
    assert result.classes.index.equals(SHARES.index)


def test_manual_breaks_add_the_maximum():
    result = classify(SHARES, scheme="manual", bins=[8, 12, 16])
    assert result.bins == (8.0, 12.0, 16.0, 20.4)
    assert result.counts == (7, 2, 5, 4)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scheme": "natural"}, "Unbekanntes Klassifikationsverfahren 'natural'; möglich: quantiles"),
        ({"scheme": "quantiles", "k": 9}, "Klassenzahl 9 nicht möglich"),
        ({"scheme": "manual", "bins": []}, "Obergrenzen angeben"),
        ({"scheme": "manual", "bins": [10, 5]}, "aufsteigend"),
    ],
)
def test_bad_classification_input(kwargs, message):
    with pytest.raises(ClassificationError, match=message):
        classify(SHARES, **kwargs)


def test_missing_values_get_class_minus_one():
    values = pd.Series([1.0, None, 3.0, 4.0, 5.0], index=list("abcde"))
    result = classify(values, "equal_interval", k=3)
    assert result.classes["b"] == -1
    assert sum(result.counts) == 4


def test_assign_clamps_values_outside_the_bins():
    result = classify(SHARES, "quantiles", k=5)
    assigned = result.assign(pd.Series([3.0, 16.07, 99.0, None]))
    assert assigned.tolist() == [0, 3, 4, -1]


@pytest.mark.parametrize("k", list(K_RANGE))
def test_palettes_give_k_distinct_colours(k):
    assert len(set(colours("YlGnBu", k))) == k


def test_unknown_palette():
    with pytest.raises(ClassificationError, match="Unbekannte Farbskala 'Rainbow'"):
        colours("Rainbow", 5)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [("8; 12,5; 16", "de", [8.0, 12.5, 16.0]), ("1.000;2.000", "de", [1000.0, 2000.0]), ("1.5; 2", "en", [1.5, 2.0])],
)
def test_parse_breaks(text, lang, expected):
    assert parse_breaks(text, lang) == expected


def test_parse_breaks_names_the_bad_part():
    with pytest.raises(ClassificationError, match="„zwölf“ ist keine Zahl"):
        parse_breaks("8; zwölf")


SKEWED = pd.Series([1.5, 3, 4, 5, 6, 7, 8, 9, 10, 30.0])


@pytest.mark.parametrize(
    ("scheme", "k", "bins", "expected_bins", "expected_counts"),
    [
        # mean 8.35, sample std 8.06 (smallest value -0.85, largest +2.69 std): whole std bounds at
        # -2 and -1 lie below the smallest value; half steps (-0.5, +0.5, +1 ... std) give more classes
        ("std_mean", 5, None, (4.31878, 12.38122, 16.41243, 30.0), (3, 6, 0, 1)),
        ("std_mean", 7, None, (4.31878, 12.38122, 16.41243, 20.44365, 30.0), (3, 6, 0, 0, 1)),
        ("std_mean", 4, None, (4.31878, 8.35, 12.38122, 30.0), (3, 4, 2, 1)),
        # manual bounds below the minimum and above the maximum are dropped
        ("manual", 5, [1, 2, 20, 40, 50], (2.0, 20.0, 30.0), (1, 8, 1)),
        ("manual", 5, [40, 50], (30.0,), (10,)),
    ],
)
def test_no_class_outside_the_data_range(scheme, k, bins, expected_bins, expected_counts):
    result = classify(SKEWED, scheme=scheme, k=k, bins=bins)
    assert result.bins == pytest.approx(expected_bins, abs=1e-4)
    assert result.counts == expected_counts
    assert result.bins[0] >= SKEWED.min()
    assert result.classes.tolist() == result.assign(SKEWED).tolist()


def test_std_mean_says_when_it_gives_fewer_classes():
    result = classify(SKEWED, scheme="std_mean", k=5)
    assert result.requested_k == 5
    assert result.k == 4
    assert result.std_step == 0.5
    assert result.fewer_than_requested
    low, high = std_span(SKEWED)
    assert low == pytest.approx((1.5 - 8.35) / 8.062430, abs=1e-4)
    assert high == pytest.approx((30 - 8.35) / 8.062430, abs=1e-4)


@pytest.mark.parametrize(("k", "step"), [(3, 1.0), (4, 1.0), (5, 0.5), (6, 0.5)])
def test_std_mean_gives_the_classes_asked_for_with_half_steps_when_needed(k, step):
    # the 18 shares of Kaiserslautern reach from -1.08 to +1.68 standard deviations
    result = classify(SHARES, scheme="std_mean", k=k)
    assert (result.k, result.std_step) == (k, step)
    assert result.bins[0] >= SHARES.min() and result.bins[-1] == SHARES.max()


def test_std_mean_gives_the_classes_asked_for_when_the_data_reach():
    values = pd.Series([-3.0, -1.5, -0.5, 0, 0.5, 1.5, 3.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    result = classify(values, scheme="std_mean", k=5)
    assert result.k == 5
    assert result.std_step == 1.0
    assert not result.fewer_than_requested
    assert all(count > 0 for count in (result.counts[0], result.counts[-1]))


@pytest.mark.parametrize(("text", "lang"), [("8; 12.5", "de"), ("8,5; 12", "en"), ("1.3", "de")])
def test_parse_breaks_refuses_the_other_format(text, lang):
    with pytest.raises(ClassificationError, match="meinten Sie"):
        parse_breaks(text, lang)


def test_fisher_jenks_on_a_sample_is_mapclassifys_and_the_same_on_every_run():
    rng = np.random.default_rng(7)
    values = pd.Series(np.concatenate([rng.normal(5, 1, 3000), rng.normal(20, 2, 3000)]))
    first = classify(values, "fisher_jenks", 4, sample=500)
    again = classify(values, "fisher_jenks", 4, sample=500)
    assert first.bins == again.bins
    assert first.scheme == "fisher_jenks" and first.k == 4
    assert first.bins[-1] == values.max()  # FisherJenksSampled keeps the maximum in the sample
    assert sum(first.counts) == len(values)  # every value has its class, not only the sample
    state = np.random.get_state()[1].copy()
    classify(values, "fisher_jenks", 4, sample=500)
    assert (np.random.get_state()[1] == state).all()  # the global generator is left as it was

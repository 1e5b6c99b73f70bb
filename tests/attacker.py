"""A test attacker: works out hidden figures from shown ones, with exact fractions.

Independent of :mod:`geo.analysis.relations` on purpose: the tests state the true
formulas, this module only solves them. Keys are any hashable names of figures.

- products ``(p, a, b, divisor)``: p = a × b ÷ divisor (share × base; rate × base;
  the base from count ÷ share; a 0 % share gives a count of 0 without the base);
- linear equations ``({key: coefficient}, rhs)``: totals, selection totals, changes
  between years; solved jointly (Gaussian elimination), together with every
  product that has one known factor;
- splits (:func:`learn_splits`): a total count and its parts in one row, given
  (declared) or learned from the shown rows where two or three counts add up to
  another one exactly; each gives ``total − Σ parts = 0`` per row
  (:func:`split_equations`), so a hidden part is the total minus the shown parts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence
from fractions import Fraction

__all__ = ["learn_splits", "split_equations", "work_out"]

Product = tuple[Hashable, Hashable, Hashable, float]
Linear = tuple[Mapping[Hashable, float], float]


def work_out(shown: Mapping[Hashable, float], products: Sequence[Product], linear: Sequence[Linear]) -> dict:
    """Everything that follows from ``shown``: the shown figures plus what was worked out."""
    known: dict = {k: Fraction(v) for k, v in shown.items()}
    while _products(products, known) or _solve(linear, products, known):
        pass
    return {k: float(v) for k, v in known.items()}


def _products(prods: Sequence[Product], known: dict) -> bool:
    learned = False
    for product, a, b, divisor in prods:
        have = [f in known for f in (product, a, b)]
        if have == [False, True, True]:
            known[product] = known[a] * known[b] / divisor
        elif have[0] and (have[1] ^ have[2]) and known[a if have[1] else b] != 0:
            other, given_ = (b, a) if have[1] else (a, b)
            known[other] = known[product] * divisor / known[given_]
        elif not have[0] and have[1] and known[a] == 0:
            known[product] = Fraction(0)  # a 0 % share gives 0 without the base
        else:
            continue
        learned = True
    return learned


def _solve(linear: Sequence[Linear], prods: Sequence[Product], known: dict) -> bool:
    """Gaussian elimination with fractions over the totals, changes and products with one known factor."""
    equations = []
    for coefficients, rhs in linear:
        equations.append((coefficients, rhs))
    for product, a, b, divisor in prods:
        if product in known:
            continue
        if a in known and b not in known:
            equations.append(({product: 1, b: -known[a] / divisor}, 0))
        elif b in known and a not in known:
            equations.append(({product: 1, a: -known[b] / divisor}, 0))
    rows = []
    for coefficients, rhs in equations:
        row, value = {}, Fraction(rhs)
        for figure, c in coefficients.items():
            if figure in known:
                value -= Fraction(c) * known[figure]
            elif c:
                row[figure] = Fraction(c)
        if row:
            rows.append((row, value))
    learned = False
    pivots: list[tuple[Hashable, dict, Fraction]] = []
    for row, value in rows:
        for pivot, prow, pvalue in pivots:
            if pivot in row:
                factor = row[pivot] / prow[pivot]
                for figure, c in prow.items():
                    row[figure] = row.get(figure, 0) - factor * c
                    if row[figure] == 0:
                        del row[figure]
                value -= factor * pvalue
        if row:
            pivot = next(iter(row))
            for i, (other, orow, ovalue) in enumerate(pivots):  # keep the pivots reduced
                if pivot in orow:
                    factor = orow[pivot] / row[pivot]
                    for figure, c in row.items():
                        orow[figure] = orow.get(figure, 0) - factor * c
                        if orow[figure] == 0:
                            del orow[figure]
                    pivots[i] = (other, orow, ovalue - factor * value)
            pivots.append((pivot, row, value))
    for pivot, row, value in pivots:
        if len(row) == 1:
            known[pivot] = value / row[pivot]
            learned = True
    return learned


SplitRule = tuple[str, tuple[str, ...]]


def learn_splits(
    table: Mapping[Hashable, Mapping[str, float]], columns: Sequence[str], given: Sequence[SplitRule] = ()
) -> list[SplitRule]:
    """``given`` splits plus every total = two or three other ``columns`` that holds exactly in all
    (at least two) rows of ``table`` (row -> column -> shown value) that show them all."""
    learned = list(given)
    for total in columns:
        others = [c for c in columns if c != total]
        for parts in itertools.chain(itertools.combinations(others, 2), itertools.combinations(others, 3)):
            complete = [r for r in table.values() if total in r and all(p in r for p in parts)]
            if len(complete) >= 2 and all(Fraction(r[total]) == sum(Fraction(r[p]) for p in parts) for r in complete):
                learned.append((total, parts))
    return learned


def split_equations(
    rows: Sequence[Hashable], splits: Sequence[SplitRule], key: Callable[[Hashable, str], Hashable]
) -> list[Linear]:
    """``total − Σ parts = 0`` for every row and split; ``key(row, column)`` names a figure."""
    return [
        ({key(row, total): 1, **{key(row, p): -1 for p in parts}}, 0) for row in rows for total, parts in splits
    ]

"""The numbers of a load run, from given measurements (pure: no server, no clock): used by benchmarks/load.py.

A *step* is one load level (N sessions at once, or R sessions per second over D seconds); its
:class:`StepResult` holds what the sessions measured and what each replica's process spent.
:func:`step_line` prints it, :func:`capacity` finds the largest level of a series whose 95th
percentile of page-ready time stays under the limit without errors, :func:`summary_line` says it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["LIMIT_S", "ReplicaUse", "StepResult", "capacity", "percentile", "step_line", "summary_line"]

LIMIT_S = 3.0  # what a visitor waits for the map at most (issue #28: p95 under 3 s)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in (0, 1]): the smallest value that at least ``share`` of
    the values do not exceed. NaN for no values."""
    if not values:
        return math.nan
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], not {share}")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class ReplicaUse:
    """What one replica's process held and spent during a step."""

    sessions: int  # sessions it served (by the proxy's X-Atlas-Upstream header; all, for a direct target)
    rss_growth_mb: float  # resident memory with the step's sessions open minus before the step
    cpu_s: float  # user + system CPU seconds of the process during the step

    def per_session(self) -> tuple[float, float]:
        """(MB, CPU s) per session it held; NaN when it held none."""
        if not self.sessions:
            return math.nan, math.nan
        return self.rss_growth_mb / self.sessions, self.cpu_s / self.sessions


@dataclass(frozen=True)
class StepResult:
    level: float  # sessions at once, or sessions per second
    ready: tuple[float, ...]  # page-ready seconds of the sessions that got ready
    rerun: tuple[float, ...]  # seconds of their one change of indicator
    errors: tuple[str, ...]  # one short text per failed session
    replicas: Mapping[str, ReplicaUse] = field(default_factory=dict)
    client_cpu_s: float = math.nan  # CPU seconds the load generator itself spent during the step

    def p95(self) -> float:
        return percentile(self.ready, 0.95)

    def passes(self, limit: float = LIMIT_S) -> bool:
        """No error, and the 95th percentile of page-ready time under ``limit``."""
        return not self.errors and bool(self.ready) and self.p95() < limit


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def step_line(label: str, result: StepResult) -> str:
    """One line per step, e.g. ``8 at once, one replica: ready median 1.20 s p95 2.10 s; rerun …``."""
    parts = [
        f"{label}: ready median {_median(result.ready):.2f} s p95 {result.p95():.2f} s",
        (f"rerun median {_median(result.rerun):.2f} s p95 {percentile(result.rerun, 0.95):.2f} s"
         if result.rerun else "rerun not timed"),
        f"errors {len(result.errors)}",
    ]
    if result.ready and not math.isnan(result.client_cpu_s):
        parts.append(f"load generator {result.client_cpu_s / len(result.ready):.2f} CPU s/session")
    for name, use in result.replicas.items():
        mb, cpu = use.per_session()
        parts.append(f"{name} held {use.sessions}, {mb:.1f} MB/session, {cpu:.2f} CPU s/session")
    return "; ".join(parts)


def capacity(results: Sequence[StepResult], limit: float = LIMIT_S) -> tuple[float, bool]:
    """(the largest level whose step passes and every smaller level passed too, whether the largest level
    tried passed: then the capacity is at least that and was not reached). (0, False): none passed."""
    best = 0.0
    for result in sorted(results, key=lambda r: r.level):
        if not result.passes(limit):
            return best, False
        best = result.level
    return best, bool(results)


def _level(value: float) -> str:
    return f"{value:g}"


def summary_line(dataset: str, unit: str, one: Sequence[StepResult], two: Sequence[StepResult],
                 limit: float = LIMIT_S) -> str:
    """``capacity_one_replica=8 capacity_two_replicas=16+ unit=sessions p95<3s dataset=…``; a ``+`` means
    the largest level tried still passed (the capacity is higher)."""
    fields = []
    for name, results in (("capacity_one_replica", one), ("capacity_two_replicas", two)):
        if not results:
            continue
        level, open_ended = capacity(results, limit)
        fields.append(f"{name}={_level(level)}{'+' if open_ended else ''}")
    return " ".join([*fields, f"unit={unit}", f"p95<{limit:g}s", f"dataset={dataset}"])

"""The arithmetic of the bias audit (NYC Local Law 144 style), as pure functions over scored people.

- Scoring rate of a category: the share of its people whose score is *strictly greater* than the
  median score of the whole sample (every scored person, unknowns included).
- Selection rate: the share recommended Strong or Medium; band rates: the share in each band.
- Impact ratio: a category's rate divided by the highest rate among the compared categories of the
  same table. Under 0.80 is flagged (the four-fifths rule) for the scoring and selection rates.
- A category under 2% of the sample is listed but not compared (no ratio, and it cannot be the
  highest rate); so is a category with fewer than MIN_GROUP_SIZE people, whose ratio would not be
  meaningful. People whose category is unknown (no answer, or "prefer not to say") are counted apart.

Rates are exact fractions internally, so a ratio of exactly 0.80 is not flagged by a rounding error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from statistics import median
from typing import NamedTuple

from app.models import Recommendation

MIN_SHARE = Fraction(2, 100)
MIN_GROUP_SIZE = 10
FOUR_FIFTHS = Fraction(4, 5)
BANDS: tuple[str, ...] = tuple(r.value for r in Recommendation)  # Strong, Medium, Weak, Reject
SELECTED: frozenset[str] = frozenset({Recommendation.strong.value, Recommendation.medium.value})


class RowStatus(StrEnum):
    compared = 'compared'
    under_2_percent = 'under_2_percent'  # listed, excluded from impact ratios
    small_sample = 'small_sample'  # fewer than MIN_GROUP_SIZE: ratio not meaningful


class Person(NamedTuple):
    """One scored candidate. sex / race: a category code, 'declined', or None (no answer given).
    (A tuple: the audit builds 10,000 of them per report.)"""

    sex: str | None
    race: str | None
    score: float
    recommendation: str
    weight: int = 1  # candidates sharing these values (the audit reads grouped rows from the database)


@dataclass(frozen=True)
class Rate:
    count: int
    rate: float | None  # count / applicants; None for an empty category
    impact_ratio: float | None  # None when not compared, or when every compared rate is 0
    flagged: bool  # impact ratio under 0.80 (scoring and selection rates only)


@dataclass(frozen=True)
class CategoryRow:
    key: str  # 'female', 'asian', or 'asian/female' for an intersection
    applicants: int
    share: float  # of the whole sample
    status: RowStatus
    scoring: Rate  # above the median
    selection: Rate  # Strong or Medium
    bands: dict[str, Rate]  # per recommendation band (no flags)


@dataclass(frozen=True)
class ImpactTable:
    dimension: str  # 'sex' | 'race' | 'intersectional'
    rows: list[CategoryRow]
    unknown: int  # no answer or "prefer not to say": counted, not in any rate
    unknown_declined: int
    unknown_no_answer: int


@dataclass(frozen=True)
class ResultSet:
    sample: int
    median: float | None
    ties_at_median: int
    above_median: int
    selected: int
    tables: list[ImpactTable]


def result_set(people: Sequence[Person], sex_codes: Sequence[str], race_codes: Sequence[str],
               declined: str = 'declined', min_group: int = MIN_GROUP_SIZE,
               median_score: float | None = None) -> ResultSet:
    """Every table of the audit for one set of results (AI, or effective after overrides).

    `median_score`: the sample's median when the caller knows it already (then a grouped Person's score
    only has to compare with it the way its candidates' scores do)."""
    mid = median_score
    if mid is None and people:
        mid = median([p.score for p in people for _ in range(p.weight)])
    intersections = [f'{race}/{sex}' for race in race_codes for sex in sex_codes]
    tallies = {'sex': _Tally(sex_codes), 'race': _Tally(race_codes), 'intersectional': _Tally(intersections)}
    for person in people:  # one pass for all three tables
        sex = person.sex if person.sex != declined else None
        race = person.race if person.race != declined else None
        above = mid is not None and person.score > mid
        tallies['sex'].add(sex, person.sex is not None, above, person.recommendation, person.weight)
        tallies['race'].add(race, person.race is not None, above, person.recommendation, person.weight)
        tallies['intersectional'].add(f'{race}/{sex}' if sex and race else None,
                                      person.sex is not None and person.race is not None, above,
                                      person.recommendation, person.weight)
    sample = sum(p.weight for p in people)
    return ResultSet(sample=sample, median=mid, ties_at_median=sum(p.weight for p in people if p.score == mid),
                     above_median=sum(p.weight for p in people if mid is not None and p.score > mid),
                     selected=sum(p.weight for p in people if p.recommendation in SELECTED),
                     tables=[tally.table(dimension, sample, min_group) for dimension, tally in tallies.items()])


class _Tally:
    """Counts per category of one table."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.size: dict[str, int] = dict.fromkeys(keys, 0)
        self.above: dict[str, int] = dict.fromkeys(keys, 0)
        self.selected: dict[str, int] = dict.fromkeys(keys, 0)
        self.bands: dict[str, dict[str, int]] = {band: dict.fromkeys(keys, 0) for band in BANDS}
        self.unknown = self.no_answer = 0

    def add(self, key: str | None, answered: bool, above: bool, recommendation: str, count: int) -> None:
        if key is None:
            self.unknown += count
            self.no_answer += 0 if answered else count
            return
        if key not in self.size:  # a code outside the known categories is still counted, never dropped
            for counts in (self.size, self.above, self.selected, *self.bands.values()):
                counts[key] = 0
        self.size[key] += count
        self.above[key] += count if above else 0
        self.selected[key] += count if recommendation in SELECTED else 0
        if recommendation in self.bands:
            self.bands[recommendation][key] += count

    def table(self, dimension: str, total: int, min_group: int) -> ImpactTable:
        statuses = {key: _status(size, total, min_group) for key, size in self.size.items()}
        compared = [key for key, status in statuses.items() if status == RowStatus.compared]
        scoring = _rates(self.above, self.size, compared, flag=True)
        selection = _rates(self.selected, self.size, compared, flag=True)
        bands = {band: _rates(self.bands[band], self.size, compared, flag=False) for band in BANDS}
        rows = [CategoryRow(key=key, applicants=size, share=float(Fraction(size, total)) if total else 0.0,
                            status=statuses[key], scoring=scoring[key], selection=selection[key],
                            bands={band: bands[band][key] for band in BANDS}) for key, size in self.size.items()]
        return ImpactTable(dimension=dimension, rows=rows, unknown=self.unknown,
                           unknown_declined=self.unknown - self.no_answer, unknown_no_answer=self.no_answer)


def _status(size: int, total: int, min_group: int) -> RowStatus:
    if total == 0 or Fraction(size, total) < MIN_SHARE:
        return RowStatus.under_2_percent
    if size < min_group:
        return RowStatus.small_sample
    return RowStatus.compared


def _rates(hits: dict[str, int], sizes: dict[str, int], compared: list[str], *, flag: bool) -> dict[str, Rate]:
    exact = {key: Fraction(hits[key], sizes[key]) for key in hits if sizes[key]}
    best = max((exact[key] for key in compared), default=Fraction(0))
    rates = {}
    for key, count in hits.items():
        rate = exact.get(key)
        ratio = rate / best if key in compared and rate is not None and best > 0 else None
        rates[key] = Rate(count=count, rate=float(rate) if rate is not None else None,
                          impact_ratio=float(ratio) if ratio is not None else None,
                          flagged=flag and ratio is not None and ratio < FOUR_FIFTHS)
    return rates

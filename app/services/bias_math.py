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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from statistics import median

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


@dataclass(frozen=True)
class Person:
    """One scored candidate. sex / race: a category code, 'declined', or None (no answer given)."""

    sex: str | None
    race: str | None
    score: float
    recommendation: str


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


KeyOf = Callable[[Person], str | None]


def result_set(people: Sequence[Person], sex_codes: Sequence[str], race_codes: Sequence[str],
               declined: str = 'declined', min_group: int = MIN_GROUP_SIZE) -> ResultSet:
    """Every table of the audit for one set of results (AI, or effective after overrides)."""
    scores = [p.score for p in people]
    mid = median(scores) if scores else None

    def known(value: str | None) -> str | None:
        return value if value is not None and value != declined else None

    def sex_of(p: Person) -> str | None:
        return known(p.sex)

    def race_of(p: Person) -> str | None:
        return known(p.race)

    def both_of(p: Person) -> str | None:
        sex, race = known(p.sex), known(p.race)
        return f'{race}/{sex}' if sex and race else None

    def answered(p: Person, dimension: str) -> bool:
        values = {'sex': (p.sex,), 'race': (p.race,), 'intersectional': (p.sex, p.race)}[dimension]
        return all(v is not None for v in values)

    intersections = [f'{race}/{sex}' for race in race_codes for sex in sex_codes]
    tables = []
    for dimension, key_of, keys in (('sex', sex_of, sex_codes), ('race', race_of, race_codes),
                                    ('intersectional', both_of, intersections)):
        unknown = [p for p in people if key_of(p) is None]
        no_answer = sum(1 for p in unknown if not answered(p, dimension))
        tables.append(ImpactTable(dimension=dimension, rows=_rows(people, key_of, keys, mid, min_group),
                                  unknown=len(unknown), unknown_declined=len(unknown) - no_answer,
                                  unknown_no_answer=no_answer))
    return ResultSet(sample=len(people), median=mid, ties_at_median=sum(1 for s in scores if s == mid),
                     above_median=sum(1 for s in scores if mid is not None and s > mid),
                     selected=sum(1 for p in people if p.recommendation in SELECTED), tables=tables)


def _rows(people: Sequence[Person], key_of: KeyOf, keys: Sequence[str], mid: float | None,
          min_group: int) -> list[CategoryRow]:
    total = len(people)
    groups: dict[str, list[Person]] = {key: [] for key in keys}
    for person in people:
        key = key_of(person)
        if key is not None:
            groups.setdefault(key, []).append(person)
    statuses = {key: _status(len(members), total, min_group) for key, members in groups.items()}
    compared = [key for key, status in statuses.items() if status == RowStatus.compared]

    def counts(test: Callable[[Person], bool]) -> dict[str, int]:
        return {key: sum(1 for p in members if test(p)) for key, members in groups.items()}

    above = counts(lambda p: mid is not None and p.score > mid)
    selected = counts(lambda p: p.recommendation in SELECTED)
    banded = {band: counts(lambda p, b=band: p.recommendation == b) for band in BANDS}  # type: ignore[misc]
    sizes = {key: len(members) for key, members in groups.items()}
    scoring = _rates(above, sizes, compared, flag=True)
    selection = _rates(selected, sizes, compared, flag=True)
    bands = {band: _rates(banded[band], sizes, compared, flag=False) for band in BANDS}
    return [CategoryRow(key=key, applicants=sizes[key], share=float(Fraction(sizes[key], total)) if total else 0.0,
                        status=statuses[key], scoring=scoring[key], selection=selection[key],
                        bands={band: bands[band][key] for band in BANDS}) for key in groups]


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

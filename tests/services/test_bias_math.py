"""The bias-audit arithmetic against a fixture computed by hand (the working is in the comments).

The fixture: 60 scored people in 10 groups. Scores and bands: 90/85/80 Strong, 70/65/60 Medium,
50/45/40 Weak, 30 Reject. "—" = no self-identification row at all; "declined" = prefer not to say.

  group  sex       race              n   AI scores                      effective (after HR overrides)
  G1     female    white            12   4×80  4×65  4×50               same
  G2     male      white            12   6×80  4×65  2×40               one 80 re-banded Strong → Medium
  G3     female    black            10   2×80  4×65  4×30               two 30 → 70 (Medium)
  G4     male      black             4   2×70  2×50                     same
  G5     female    asian             5   3×90  2×65                     same
  G6     male      asian             5   1×70  4×45                     same
  G7     male      american_indian   1   1×85                           same
  G8     declined  white             3   3×65                           same
  G9     female    declined          4   2×80  2×30                     same
  G10    —         —                 4   4×60                           same

AI scores, counted: 90×3, 85×1, 80×14, 70×3, 65×17, 60×4, 50×6, 45×4, 40×2, 30×6 (= 60).
From the top: 3, 4, 18, 21 above 65; positions 22–38 are 65, so the 30th and 31st are 65:
median 65, 17 scores tie it, 21 are strictly above it.
Effective: two 30s became 70s → 70×5, 30×4; 23 above 65, 65 still at positions 24–40: median 65,
17 ties, 23 above.
"""

from __future__ import annotations

import pytest

from app.services.bias_math import MIN_GROUP_SIZE, Person, RowStatus, result_set
from app.services.self_identification import RACE_LABELS, SEX_LABELS

SEX = [code for code in SEX_LABELS if code != 'declined']
RACE = [code for code in RACE_LABELS if code != 'declined']


def _band(score: float) -> str:
    return 'Strong' if score >= 80 else 'Medium' if score >= 60 else 'Weak' if score >= 40 else 'Reject'


def _group(sex: str | None, race: str | None, *scores: tuple[int, float], bands: dict[int, str] | None = None,
           ) -> list[Person]:
    flat = [score for count, score in scores for _ in range(count)]
    return [Person(sex, race, s, (bands or {}).get(n, _band(s))) for n, s in enumerate(flat)]


def ai_people() -> list[Person]:
    return [
        *_group('female', 'white', (4, 80), (4, 65), (4, 50)),
        *_group('male', 'white', (6, 80), (4, 65), (2, 40)),
        *_group('female', 'black', (2, 80), (4, 65), (4, 30)),
        *_group('male', 'black', (2, 70), (2, 50)),
        *_group('female', 'asian', (3, 90), (2, 65)),
        *_group('male', 'asian', (1, 70), (4, 45)),
        *_group('male', 'american_indian', (1, 85)),
        *_group('declined', 'white', (3, 65)),
        *_group('female', 'declined', (2, 80), (2, 30)),
        *_group(None, None, (4, 60)),
    ]


def effective_people() -> list[Person]:
    return [
        *_group('female', 'white', (4, 80), (4, 65), (4, 50)),
        *_group('male', 'white', (6, 80), (4, 65), (2, 40), bands={5: 'Medium'}),  # HR: the 6th 80 is Medium
        *_group('female', 'black', (2, 80), (4, 65), (2, 70), (2, 30)),
        *_group('male', 'black', (2, 70), (2, 50)),
        *_group('female', 'asian', (3, 90), (2, 65)),
        *_group('male', 'asian', (1, 70), (4, 45)),
        *_group('male', 'american_indian', (1, 85)),
        *_group('declined', 'white', (3, 65)),
        *_group('female', 'declined', (2, 80), (2, 30)),
        *_group(None, None, (4, 60)),
    ]


def _table(result, dimension):
    table = next(t for t in result.tables if t.dimension == dimension)
    return table, {row.key: row for row in table.rows}


def test_fixture_has_the_documented_shape() -> None:
    assert MIN_GROUP_SIZE == 10  # the comments below assume it
    assert len(ai_people()) == len(effective_people()) == 60


def test_median_ties_and_totals() -> None:
    ai = result_set(ai_people(), SEX, RACE)
    assert (ai.sample, ai.median, ai.ties_at_median, ai.above_median) == (60, 65, 17, 21)
    # Selected (Strong or Medium) = every score ≥ 60: 3+1+14+3+17+4 = 42.
    assert ai.selected == 42
    effective = result_set(effective_people(), SEX, RACE)
    assert (effective.median, effective.ties_at_median, effective.above_median, effective.selected) == (65, 17, 23, 44)


def test_sex_table_ai() -> None:
    table, rows = _table(result_set(ai_people(), SEX, RACE), 'sex')
    # female = G1+G3+G5+G9 = 12+10+5+4 = 31; above 65: 4 (G1 80s) + 2 (G3) + 3 (G5 90s) + 2 (G9) = 11.
    # male = G2+G4+G6+G7 = 12+4+5+1 = 22; above: 6 + 2 (70s) + 1 (70) + 1 (85) = 10.
    female, male = rows['female'], rows['male']
    assert (female.applicants, female.scoring.count, male.applicants, male.scoring.count) == (31, 11, 22, 10)
    assert female.scoring.rate == pytest.approx(11 / 31) and male.scoring.rate == pytest.approx(10 / 22)
    # Highest scoring rate: male 0.4545. female: (11/31) / (10/22) = 242/310 = 0.7806 → flagged.
    assert male.scoring.impact_ratio == 1.0 and not male.scoring.flagged
    assert female.scoring.impact_ratio == pytest.approx(242 / 310) and female.scoring.flagged
    # Selected: female 8 (G1) + 6 (G3) + 5 (G5) + 2 (G9's 80s) = 21 of 31 = 0.6774;
    # male 10 (G2) + 2 (G4's 70s) + 1 (G6's 70) + 1 (G7) = 14 of 22 = 0.6364.
    # Highest: female. male: (14/22) / (21/31) = 434/462 = 0.9394.
    assert (female.selection.count, male.selection.count) == (21, 14)
    assert female.selection.impact_ratio == 1.0
    assert male.selection.impact_ratio == pytest.approx(434 / 462) and not male.selection.flagged
    # Bands. female: Strong 4+2+3+2 = 11, Medium 4+4+2 = 10, Weak 4, Reject 4+2 = 6.
    # male: Strong 6+1 = 7, Medium 4+2+1 = 7, Weak 2+2+4 = 8, Reject 0.
    assert {b: r.count for b, r in female.bands.items()} == {'Strong': 11, 'Medium': 10, 'Weak': 4, 'Reject': 6}
    assert {b: r.count for b, r in male.bands.items()} == {'Strong': 7, 'Medium': 7, 'Weak': 8, 'Reject': 0}
    # Strong: female 11/31 = 0.3548 is highest; male (7/22)/(11/31) = 217/242 = 0.8967. Bands are never flagged.
    assert male.bands['Strong'].impact_ratio == pytest.approx(217 / 242)
    assert male.bands['Reject'].impact_ratio == 0.0 and not male.bands['Reject'].flagged
    # Unknown sex: G8 (declined, 3) + G10 (no answer, 4) = 7.
    assert (table.unknown, table.unknown_declined, table.unknown_no_answer) == (7, 3, 4)
    assert female.status == male.status == RowStatus.compared


def test_race_table_ai_excludes_the_under_two_percent_category() -> None:
    table, rows = _table(result_set(ai_people(), SEX, RACE), 'race')
    # white = G1+G2+G8 = 27: above 4+6+0 = 10 (0.3704), selected 8+10+3 = 21 (0.7778).
    # black = G3+G4 = 14: above 2+2 = 4 (0.2857), selected 6+2 = 8 (0.5714).
    # asian = G5+G6 = 10 (exactly the minimum): above 3+1 = 4 (0.4), selected 5+1 = 6 (0.6).
    white, black, asian = rows['white'], rows['black'], rows['asian']
    assert [(r.applicants, r.scoring.count, r.selection.count) for r in (white, black, asian)] == [
        (27, 10, 21), (14, 4, 8), (10, 4, 6)]
    # american_indian: 1 of 60 = 1.67% < 2% → listed, no ratio, and its 100% rates are not the reference.
    ai_row = rows['american_indian']
    assert ai_row.status == RowStatus.under_2_percent and ai_row.applicants == 1
    assert ai_row.scoring.rate == 1.0 and ai_row.scoring.impact_ratio is None and not ai_row.scoring.flagged
    for empty in ('hispanic_latino', 'pacific_islander', 'two_or_more'):
        assert rows[empty].applicants == 0 and rows[empty].status == RowStatus.under_2_percent
        assert rows[empty].scoring.rate is None
    # Scoring, highest asian 0.4: white (10/27)/(4/10) = 100/108 = 0.9259; black (4/14)/(4/10) = 40/56 = 0.7143 flag.
    assert asian.scoring.impact_ratio == 1.0
    assert white.scoring.impact_ratio == pytest.approx(100 / 108) and not white.scoring.flagged
    assert black.scoring.impact_ratio == pytest.approx(40 / 56) and black.scoring.flagged
    # Selection, highest white 21/27: black (8/14)/(21/27) = 216/294 = 0.7347 flag; asian (6/10)/(21/27) = 162/210
    # = 0.7714 flag.
    assert white.selection.impact_ratio == 1.0
    assert black.selection.impact_ratio == pytest.approx(216 / 294) and black.selection.flagged
    assert asian.selection.impact_ratio == pytest.approx(162 / 210) and asian.selection.flagged
    # Unknown race: G9 (declined, 4) + G10 (no answer, 4) = 8.
    assert (table.unknown, table.unknown_declined, table.unknown_no_answer) == (8, 4, 4)


def test_intersectional_table_ai() -> None:
    table, rows = _table(result_set(ai_people(), SEX, RACE), 'intersectional')
    assert len(rows) == 14  # 7 races × 2 sexes, empty ones listed too
    wf, wm, bf = rows['white/female'], rows['white/male'], rows['black/female']
    # white/female 12: above 4, selected 8; white/male 12: above 6, selected 10; black/female 10: above 2, selected 6.
    assert [(r.applicants, r.scoring.count, r.selection.count) for r in (wf, wm, bf)] == [
        (12, 4, 8), (12, 6, 10), (10, 2, 6)]
    # 4 and 5 people are ≥ 2% (6.7%, 8.3%) but under 10: ratio not meaningful, not the reference either
    # (asian/female's scoring rate 3/5 = 0.6 would otherwise be the highest).
    for key, size in (('black/male', 4), ('asian/female', 5), ('asian/male', 5)):
        assert rows[key].status == RowStatus.small_sample and rows[key].applicants == size
        assert rows[key].scoring.impact_ratio is None and rows[key].selection.impact_ratio is None
    assert rows['american_indian/male'].status == RowStatus.under_2_percent
    # Scoring, highest white/male 6/12 = 0.5: white/female (4/12)/0.5 = 0.6667 flag; black/female 0.2/0.5 = 0.4 flag.
    assert wm.scoring.impact_ratio == 1.0
    assert wf.scoring.impact_ratio == pytest.approx(2 / 3) and wf.scoring.flagged
    assert bf.scoring.impact_ratio == pytest.approx(0.4) and bf.scoring.flagged
    # Selection, highest white/male 10/12: white/female (8/12)/(10/12) = exactly 0.80 → NOT flagged ("under 0.80");
    # black/female (6/10)/(10/12) = 0.72 → flagged.
    assert wf.selection.impact_ratio == pytest.approx(0.8) and not wf.selection.flagged
    assert bf.selection.impact_ratio == pytest.approx(0.72) and bf.selection.flagged
    # Unknown: G8 (sex declined) 3 + G9 (race declined) 4 = 7 declined, G10 4 no answer.
    assert (table.unknown, table.unknown_declined, table.unknown_no_answer) == (11, 7, 4)


def test_effective_results_are_their_own_column_set() -> None:
    effective = result_set(effective_people(), SEX, RACE)
    _, sex = _table(effective, 'sex')
    # female above: 11 + G3's two 70s = 13 → (13/31)/(10/22) = 286/310 = 0.9226: no longer flagged.
    assert sex['female'].scoring.count == 13
    assert sex['female'].scoring.impact_ratio == pytest.approx(286 / 310) and not sex['female'].scoring.flagged
    # Selected: female 21 + 2 = 23 (highest, 0.7419); male still 14 (Strong → Medium stays selected):
    # (14/22)/(23/31) = 434/506 = 0.8577. Bands: male Strong 6, Medium 8.
    assert (sex['female'].selection.count, sex['male'].selection.count) == (23, 14)
    assert sex['male'].selection.impact_ratio == pytest.approx(434 / 506)
    assert (sex['male'].bands['Strong'].count, sex['male'].bands['Medium'].count) == (6, 8)
    _, race = _table(effective, 'race')
    # black: above 4 + 2 = 6 of 14 = 3/7 is now the highest scoring rate;
    # white (10/27)/(3/7) = 70/81 = 0.8642; asian 0.4/(3/7) = 14/15 = 0.9333.
    assert race['black'].scoring.impact_ratio == 1.0
    assert race['white'].scoring.impact_ratio == pytest.approx(70 / 81)
    assert race['asian'].scoring.impact_ratio == pytest.approx(14 / 15)
    # Selection: white 7/9 highest; black (10/14)/(7/9) = 45/49 = 0.9184; asian (6/10)/(7/9) = 27/35 = 0.7714 flag.
    assert race['black'].selection.impact_ratio == pytest.approx(45 / 49) and not race['black'].selection.flagged
    assert race['asian'].selection.impact_ratio == pytest.approx(27 / 35) and race['asian'].selection.flagged
    _, both = _table(effective, 'intersectional')
    # black/female: above 2 + 2 = 4 of 10 = 0.4 → 0.4/0.5 = exactly 0.80, not flagged.
    assert both['black/female'].scoring.impact_ratio == pytest.approx(0.8)
    assert not both['black/female'].scoring.flagged


def test_empty_sample_and_all_zero_rates() -> None:
    empty = result_set([], SEX, RACE)
    assert (empty.sample, empty.median, empty.ties_at_median, empty.above_median) == (0, None, 0, 0)
    assert all(row.status == RowStatus.under_2_percent for table in empty.tables for row in table.rows)
    # Everyone tied at the median: no one is above it, so no ratio can be formed (0 / 0), none flagged.
    same = [Person('female', 'white', 50, 'Weak')] * 10 + [Person('male', 'white', 50, 'Weak')] * 10
    _, rows = _table(result_set(same, SEX, RACE), 'sex')
    assert rows['female'].scoring.rate == 0.0 and rows['female'].scoring.impact_ratio is None
    assert not rows['female'].scoring.flagged and not rows['female'].selection.flagged


def test_grouped_people_give_the_same_report() -> None:
    # What the audit reads from the database: one weighted row per (sex, race, band, side of the median),
    # with a stand-in score of median - 1, median or median + 1.
    from collections import Counter

    for people in (ai_people(), effective_people()):
        mid = result_set(people, SEX, RACE).median
        assert mid is not None
        groups = Counter((p.sex, p.race, p.recommendation, (p.score > mid) - (p.score < mid)) for p in people)
        grouped = [Person(sex, race, mid + side, rec, weight) for (sex, race, rec, side), weight in groups.items()]
        assert len(grouped) < len(people)
        assert result_set(grouped, SEX, RACE, median_score=mid) == result_set(people, SEX, RACE)

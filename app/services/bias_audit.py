"""The bias audit report: impact ratios by sex, race/ethnicity and their intersection, for a job or
all jobs over a date range, from the AI's results and from the effective results after HR overrides.

Admins only: even as counts, small groups can hint at a person's self-identification. The people
counted are the candidates who applied in the range (UTC dates, inclusive) and have a score; the
arithmetic is in app.services.bias_math. One query reads the rows; 10,000 candidates take a few
tens of milliseconds (bench/analytics.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from app.db_types import utcnow
from app.errors import Forbidden
from app.models import Candidate, Interview, Role, SelfIdentification, User
from app.services.bias_math import MIN_GROUP_SIZE, MIN_SHARE, Person, ResultSet, result_set
from app.services.organization import get_organization
from app.services.report_scope import APPLIED, ReportScope, candidate_filters, job_title
from app.services.self_identification import DECLINED, RACE_LABELS, SEX_LABELS
from app.validation import parse_input

SEX_CODES = [code for code in SEX_LABELS if code != DECLINED]
RACE_CODES = [code for code in RACE_LABELS if code != DECLINED]
ADMINS_ONLY = 'Only an organization admin can see the bias audit.'


@dataclass(frozen=True)
class BiasReport:
    organization: str
    scope: ReportScope
    job_title: str | None  # None: all jobs
    candidates: int  # applied in the range (invitations once accepted), scored or not
    scored: int  # in the AI sample
    without_self_id: int  # scored candidates who gave no answers at all
    ai: ResultSet
    effective: ResultSet
    min_group_size: int
    min_share_percent: float
    generated_at: datetime


def bias_report(session: Session, user: User, scope: ReportScope | dict[str, Any] | None = None) -> BiasReport:
    if user.role != Role.admin:
        raise Forbidden(ADMINS_ONLY)
    values = parse_input(ReportScope, scope or {})
    where = candidate_filters(session, user.organization_id, values)
    candidates = session.exec(select(func.count()).select_from(Candidate).where(*where, APPLIED)).one()
    ai = _grouped(session, where, Interview.final_score, Interview.recommendation)
    effective = _grouped(session, where, Interview.effective_score, Interview.effective_recommendation)
    return BiasReport(
        organization=get_organization(session, user.organization_id).name, scope=values,
        job_title=job_title(session, user.organization_id, values), candidates=int(candidates),
        scored=ai[0].sample, without_self_id=sum(p.weight for p in ai[1] if p.sex is None),
        ai=ai[0], effective=effective[0], min_group_size=MIN_GROUP_SIZE, min_share_percent=float(MIN_SHARE * 100),
        generated_at=utcnow())


def _grouped(session: Session, where: list[Any], score: Any, recommendation: Any) -> tuple[ResultSet, list[Person]]:
    """One column set, read as counts: the median from the scores alone, then one row per (sex, race,
    recommendation, below/at/above the median) with its count — a few hundred rows however many
    candidates there are, so 10,000 take the time of two small queries. A group's Person carries a
    stand-in score (median - 1, the median, median + 1) that compares with the median as its
    candidates' scores do, which is all the arithmetic asks of it."""
    scored = [*where, col(score).is_not(None), col(recommendation).is_not(None)]
    scores = session.connection().execute(select(score).select_from(Candidate).join(
        Interview, col(Interview.candidate_id) == col(Candidate.id)).where(*scored)).scalars().all()
    mid = median(scores) if scores else None
    people: list[Person] = []
    if mid is not None:
        side = case((col(score) > mid, 1), (col(score) == mid, 0), else_=-1)
        columns: tuple[Any, ...] = (SelfIdentification.sex, SelfIdentification.race_ethnicity, recommendation, side,
                                    func.count())
        rows = session.connection().execute(
            select(*columns).select_from(Candidate).join(Interview, col(Interview.candidate_id) == col(Candidate.id))
            .outerjoin(SelfIdentification, col(SelfIdentification.candidate_id) == col(Candidate.id))
            .where(*scored).group_by(col(SelfIdentification.sex), col(SelfIdentification.race_ethnicity),
                                     recommendation, side)).all()
        people = [Person(sex, race, mid + cmp, rec, int(n)) for sex, race, rec, cmp, n in rows]
    return result_set(people, SEX_CODES, RACE_CODES, median_score=mid), people


def category_label(key: str) -> str:
    """'asian/female' → 'Asian · Female'; a single code → its EEO-1 label."""
    if '/' in key:
        race, sex = key.split('/', 1)
        return f'{RACE_LABELS.get(race, race)} · {SEX_LABELS.get(sex, sex)}'
    return SEX_LABELS.get(key) or RACE_LABELS.get(key) or key


TABLE_TITLES = {'sex': 'Sex', 'race': 'Race/ethnicity', 'intersectional': 'Intersectional (race/ethnicity × sex)'}
BASIS_TITLES = {'ai': 'AI results', 'effective': 'Effective results (after HR overrides)'}


def scope_text(report: BiasReport) -> str:
    return report.scope.describe(report.job_title)


def method_notes(report: BiasReport) -> list[str]:
    """What an auditor needs to read the tables, in plain sentences (page, CSV and print share them)."""
    threshold = report.min_share_percent
    return [
        'Scoring rate: the share of a category scoring strictly above the median score of all scored candidates '
        '(scores equal to the median do not count as above).',
        'Selection rate: the share recommended Strong or Medium; band rates: the share in each recommendation band.',
        "Impact ratio: the category's rate divided by the highest rate among the compared categories of the same "
        'table. Ratios under 0.80 are flagged (four-fifths rule) for the scoring and selection rates.',
        f'Categories under {threshold:g}% of the scored candidates are listed but excluded from impact ratios '
        'and cannot be the highest rate.',
        f'Categories with fewer than {report.min_group_size} scored candidates are listed with their rates, but '
        'their impact ratios are not meaningful and are not computed; they cannot be the highest rate either.',
        'Unknown: candidates who did not answer the voluntary self-identification or preferred not to say; '
        'counted, not included in any rate.',
        'The AI columns use the scores and recommendations the AI gave; the effective columns use the values '
        'after HR overrides, which drive the dashboard.',
        f'{report.candidates} candidates applied in the range; {report.scored} have a score and form the sample; '
        f'{report.without_self_id} of them gave no self-identification answers.',
    ]

"""Hiring analytics for HR, per job or overall: the funnel with conversion rates, completion, where
candidates abandon, how long interviews and decisions take, the score distribution per job and the
candidates' own feedback on the interview.

Built only from what is recorded; nothing is estimated. The funnel from "applied" down is cumulative:
a candidate counts at a stage only after reaching every stage before it, so each conversion rate is a
share of the stage above. "Invited" sits on top of it but is not part of the chain, because people
also apply through the job's public link without an invitation: its count is the candidates HR
invited, and the "applied" stage's conversion is the share of those invitations that were accepted
(the candidate gave consent). An invitation not accepted yet is not an application.
Adding a stage is one entry in FUNNEL_STAGES (a condition on the candidate and interview rows,
plus a join in _candidate_rows if it needs another table).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from statistics import mean, median, quantiles
from typing import Any

from sqlalchemy import and_, case
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col, func, select

from app.models import Answer, Candidate, CandidateStatus, Interview, InterviewStatus, Job, User
from app.permissions import visible_job_ids
from app.services.report_scope import APPLIED, INVITED, ReportScope, candidate_filters, job_title
from app.validation import parse_input


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    condition: ColumnElement[bool]


_FINISHED = and_(col(Interview.ended_at).is_not(None), col(Interview.status) != InterviewStatus.abandoned)
FUNNEL_STAGES: tuple[Stage, ...] = (
    Stage('applied', 'Applied', APPLIED),
    Stage('started', 'Started the interview', col(Interview.started_at).is_not(None)),
    Stage('completed', 'Completed the interview', _FINISHED),
    Stage('decided', 'Decided', col(Candidate.status) != CandidateStatus.pending),
)
DECISIONS = (CandidateStatus.shortlisted, CandidateStatus.hired, CandidateStatus.rejected)


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str
    count: int
    # Share of the stage above (None for the first, or when it is empty); for "applied": the share of
    # invitations accepted.
    from_previous: float | None
    from_first: float | None  # share of "applied" (None for "invited")


@dataclass(frozen=True)
class DropOff:
    question: int  # 1-based: the question the candidate had in front of them when they left
    abandoned: int


@dataclass(frozen=True)
class JobScores:
    job_id: int
    title: str
    scored: int
    mean: float
    median: float
    q1: float
    q3: float
    low: float
    high: float
    buckets: list[int]  # 0–9, 10–19, … 90–100 (effective scores, as the dashboard)
    feedback_responses: int = 0  # the candidates' own 1–5 ratings of the interview
    feedback_average: float | None = None


@dataclass(frozen=True)
class HiringAnalytics:
    scope: ReportScope
    job_title: str | None
    funnel: list[FunnelStage]
    decisions: dict[str, int]  # among decided candidates who completed: shortlisted / hired / rejected
    completion_rate: float | None  # completed / started
    median_minutes_to_complete: float | None
    median_hours_to_decision: float | None  # from the end of the interview to HR's decision
    abandoned: int
    drop_off: list[DropOff]
    scores: list[JobScores]
    feedback_responses: int  # candidates who rated their interview (1–5)
    feedback_average: float | None


def visible_analytics(session: Session, user: User,
                      scope: ReportScope | dict[str, Any] | None = None) -> HiringAnalytics:
    """The analytics this user may see: a reviewer's cover only the jobs assigned to them."""
    return hiring_analytics(session, user.organization_id, scope, job_ids=visible_job_ids(session, user))


def hiring_analytics(session: Session, organization_id: int,
                     scope: ReportScope | dict[str, Any] | None = None, *,
                     job_ids: Collection[int] | None = None) -> HiringAnalytics:
    values = parse_input(ReportScope, scope or {})
    where = candidate_filters(session, organization_id, values, job_ids)
    rows = _candidate_rows(session, where)
    stages = len(FUNNEL_STAGES)
    counts = [sum(row[n] for row in rows) for n in range(stages)]
    invited, accepted = sum(row[stages + 5] for row in rows), sum(row[stages + 6] for row in rows)
    funnel = [FunnelStage('invited', 'Invited', invited, from_previous=None, from_first=None)]
    funnel += [FunnelStage(stage.key, stage.label, counts[n],
                           from_previous=(counts[n] / counts[n - 1] if counts[n - 1] else None) if n
                           else (accepted / invited if invited else None),
                           from_first=counts[n] / counts[0] if counts[0] else None)
               for n, stage in enumerate(FUNNEL_STAGES)]
    decided = Counter(row[stages] for row in rows if row[stages - 1])
    by_job: dict[int, list[float]] = {}
    ratings: dict[int, list[int]] = {}
    for row in rows:
        if row[stages + 2] is not None:
            by_job.setdefault(row[stages + 1], []).append(row[stages + 2])
        if row[stages + 7] is not None:
            ratings.setdefault(row[stages + 1], []).append(row[stages + 7])
    started, completed = counts[1], counts[2]
    abandoned, drop_off = _drop_off(session, where)
    every_rating = [rating for job_ratings in ratings.values() for rating in job_ratings]
    return HiringAnalytics(
        scope=values, job_title=job_title(session, organization_id, values), funnel=funnel,
        decisions={status.value: decided[status.value] for status in DECISIONS},
        completion_rate=completed / started if started else None,
        median_minutes_to_complete=_median([row[stages + 3] for row in rows], 60),
        median_hours_to_decision=_median([row[stages + 4] for row in rows], 3600),
        abandoned=abandoned, drop_off=drop_off, scores=_scores(session, by_job, ratings),
        feedback_responses=len(every_rating), feedback_average=_average(every_rating))


def _candidate_rows(session: Session, where: list[ColumnElement[bool]]) -> list[Any]:
    """One row per candidate, in one scan: 1/0 per funnel stage reached, the status, job, effective score,
    seconds from start to the last answer and from there to HR's decision, 1/0 invited and invited and
    applied, the candidate's feedback rating. Durations are subtracted
    by the database (reading 10,000 pairs of timestamps into Python costs more than the whole report);
    plain rows through the connection skip the ORM's per-row work."""
    reached = [and_(*(stage.condition for stage in FUNNEL_STAGES[:n + 1])) for n in range(len(FUNNEL_STAGES))]
    to_complete = _seconds(session, Interview.started_at, Interview.ended_at)
    to_decide = _seconds(session, Interview.ended_at, Candidate.decided_at)
    decision_known = and_(reached[-1], col(Candidate.decided_at) >= col(Interview.ended_at))
    columns: list[Any] = [*(case((condition, 1), else_=0) for condition in reached), Candidate.status, Candidate.job_id,
               Interview.effective_score, case((_FINISHED, to_complete), else_=None),
               case((decision_known, to_decide), else_=None), case((INVITED, 1), else_=0),
               case((and_(INVITED, APPLIED), 1), else_=0), Interview.feedback_rating]
    return list(session.connection().execute(
        select(*columns).select_from(Candidate).outerjoin(Interview, col(Interview.candidate_id) == col(Candidate.id))
        .where(*where)).all())


def _seconds(session: Session, start: Any, end: Any) -> Any:
    if session.get_bind().dialect.name == 'sqlite':  # stored as UTC text: julianday() reads it
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract('epoch', end - start)


def _median(seconds: list[float | None], unit_seconds: float) -> float | None:
    spans = [float(s) for s in seconds if s is not None and s >= 0]
    return round(median(spans) / unit_seconds, 1) if spans else None


def _drop_off(session: Session, where: list[ColumnElement[bool]]) -> tuple[int, list[DropOff]]:
    """Abandoned interviews by the question the candidate left at (answers given + 1)."""
    answered = (select(col(Interview.id), func.count(col(Answer.id))).select_from(Candidate)
                .join(Interview, col(Interview.candidate_id) == col(Candidate.id))
                .outerjoin(Answer, col(Answer.interview_id) == col(Interview.id))
                .where(*where, col(Interview.status) == InterviewStatus.abandoned,
                       col(Interview.started_at).is_not(None))
                .group_by(col(Interview.id)))
    left_at = Counter(int(count) + 1 for _, count in session.exec(answered).all())
    return sum(left_at.values()), [DropOff(question, left_at[question]) for question in sorted(left_at)]


def _average(ratings: Sequence[int]) -> float | None:
    return round(mean(ratings), 1) if ratings else None


def _scores(session: Session, by_job: dict[int, list[float]], ratings: dict[int, list[int]]) -> list[JobScores]:
    titles = dict(session.exec(select(Job.id, Job.title).where(col(Job.id).in_(list(by_job)))).all())
    return sorted((_job_scores(job_id, titles.get(job_id, ''), scores, ratings.get(job_id, []))
                   for job_id, scores in by_job.items()), key=lambda s: (s.title.casefold(), s.job_id))


def _job_scores(job_id: int, title: str, scores: Sequence[float], ratings: Sequence[int]) -> JobScores:
    ordered = sorted(scores)
    q1, _, q3 = quantiles(ordered, n=4, method='inclusive') if len(ordered) > 1 else (ordered[0],) * 3
    buckets = [0] * 10
    for score in ordered:
        buckets[min(int(score // 10), 9)] += 1
    return JobScores(job_id=job_id, title=title, scored=len(ordered), mean=round(mean(ordered), 1),
                     median=round(median(ordered), 1), q1=round(q1, 1), q3=round(q3, 1), low=ordered[0],
                     high=ordered[-1], buckets=buckets, feedback_responses=len(ratings),
                     feedback_average=_average(ratings))

"""The hiring analytics as one long-format CSV (section, job, key, value): easy to pivot in a
spreadsheet or load into a notebook. The export is recorded in the audit trail."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlmodel import Session

from app.db_types import utcnow
from app.models import User
from app.services import audit
from app.services.exports import formula_safe
from app.services.hiring_analytics import HiringAnalytics, hiring_analytics
from app.services.report_scope import ReportScope

HEADER = ('section', 'job_id', 'job', 'key', 'value')


def analytics_rows(data: HiringAnalytics) -> list[tuple[Any, ...]]:
    scope = data.scope
    job = (scope.job_id or '', data.job_title or 'All jobs')
    rows: list[tuple[Any, ...]] = [
        ('scope', *job, 'date_from', scope.date_from.isoformat() if scope.date_from else ''),
        ('scope', *job, 'date_to', scope.date_to.isoformat() if scope.date_to else ''),
    ]
    for stage in data.funnel:
        rows.append(('funnel', *job, stage.key, stage.count))
        rows.append(('funnel_conversion_from_previous', *job, stage.key, _share(stage.from_previous)))
        rows.append(('funnel_conversion_from_applied', *job, stage.key, _share(stage.from_first)))
    rows += [('decisions', *job, status, count) for status, count in data.decisions.items()]
    rows += [
        ('summary', *job, 'completion_rate', _share(data.completion_rate)),
        ('summary', *job, 'median_minutes_to_complete', _blank(data.median_minutes_to_complete)),
        ('summary', *job, 'median_hours_completion_to_decision', _blank(data.median_hours_to_decision)),
        ('summary', *job, 'abandoned_interviews', data.abandoned),
        ('summary', *job, 'candidate_feedback_responses', data.feedback_responses),
        ('summary', *job, 'candidate_feedback_average_of_5', _blank(data.feedback_average)),
    ]
    rows += [('drop_off_by_question', *job, f'question_{d.question}', d.abandoned) for d in data.drop_off]
    for s in data.scores:
        rows += [('score_distribution', s.job_id, s.title, key, value) for key, value in (
            ('scored', s.scored), ('mean', s.mean), ('median', s.median), ('q1', s.q1), ('q3', s.q3),
            ('min', s.low), ('max', s.high), ('candidate_feedback_responses', s.feedback_responses),
            ('candidate_feedback_average_of_5', _blank(s.feedback_average)))]
        rows += [('score_distribution', s.job_id, s.title, f'band_{10 * n}_{10 * n + 9 if n < 9 else 100}', count)
                 for n, count in enumerate(s.buckets)]
    return rows


def analytics_csv(session: Session, user: User, scope: ReportScope | dict[str, Any] | None = None,
                  ) -> tuple[str, str]:
    data = hiring_analytics(session, user.organization_id, scope)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    # Job titles are typed by people: neutralise what a spreadsheet would run as a formula.
    writer.writerows(tuple(formula_safe(value) for value in row) for row in analytics_rows(data))
    audit.record(session, organization_id=user.organization_id, actor=user, action='analytics.export_csv',
                 subject_type='job' if data.scope.job_id is not None else None, subject_id=data.scope.job_id,
                 detail={'scope': data.scope.model_dump(mode='json')})
    session.commit()
    return f'hiring-analytics-{utcnow():%Y%m%d}.csv', buffer.getvalue()


def _share(value: float | None) -> Any:
    return '' if value is None else round(value, 4)


def _blank(value: float | None) -> Any:
    return '' if value is None else value

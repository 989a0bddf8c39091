"""The bias audit over real rows: scope (job, dates, organization), admins only, CSV and print files."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from app.db import session_scope
from app.db_types import UTC
from app.errors import Forbidden, Invalid, NotFound
from app.models import AuditEvent, Candidate
from app.services import bias_audit, bias_export
from app.services.bias_math import Person
from tests.fairness_setup import make_hr, seed_people, seed_unscored
from tests.services.test_bias_math import ai_people, effective_people
from tests.support.factories import make_admin, make_job

pytestmark = pytest.mark.usefixtures('database')
DAY = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _report(user, **scope):
    with session_scope(read_only=True) as session:
        return bias_audit.bias_report(session, user, scope)


def _rows(results, dimension):
    return {row.key: row for row in next(t for t in results.tables if t.dimension == dimension).rows}


def test_report_from_rows_matches_the_hand_computed_fixture() -> None:
    admin = make_admin()
    job = make_job(admin, title='Data Engineer')
    seed_people(job, ai_people(), effective_people(), applied_at=DAY)
    seed_unscored(job, ['scheduled', 'in_progress', 'abandoned'], applied_at=DAY)
    report = _report(admin, job_id=job.id)
    assert report.job_title == 'Data Engineer'
    assert (report.candidates, report.scored, report.without_self_id) == (63, 60, 4)
    assert (report.ai.median, report.ai.ties_at_median, report.ai.above_median) == (65, 17, 21)
    assert report.effective.above_median == 23
    sex = _rows(report.ai, 'sex')
    assert sex['female'].scoring.impact_ratio == pytest.approx(242 / 310) and sex['female'].scoring.flagged
    assert not _rows(report.effective, 'sex')['female'].scoring.flagged
    race_table = next(t for t in report.ai.tables if t.dimension == 'race')
    assert (race_table.unknown, race_table.unknown_declined, race_table.unknown_no_answer) == (8, 4, 4)


def test_an_invitation_not_yet_accepted_is_not_counted_as_an_applicant() -> None:
    admin = make_admin()
    job = make_job(admin)
    seed_people(job, [Person('female', 'white', 80, 'Strong')] * 3, applied_at=DAY)
    seed_unscored(job, ['scheduled', 'scheduled'], applied_at=DAY)
    with session_scope() as session:  # HR invited the last two; one accepted (consent), one has not yet
        invited = session.exec(select(Candidate).where(Candidate.name == 'Unscored')).all()
        for candidate, accepted in zip(invited, (True, False), strict=True):
            candidate.invited_at, candidate.consent_at = DAY, DAY if accepted else None
            session.add(candidate)
        session.commit()
    report = _report(admin)
    assert (report.candidates, report.scored) == (4, 3)
    assert f'{report.candidates} candidates applied in the range' in ' '.join(bias_audit.method_notes(report))


def test_scope_by_dates_jobs_and_organization() -> None:
    admin = make_admin()
    job_a, job_b = make_job(admin, title='A'), make_job(admin, title='B')
    seed_people(job_a, [Person('female', 'white', 80, 'Strong')] * 3, applied_at=DAY)
    seed_people(job_a, [Person('male', 'asian', 50, 'Weak')] * 2, applied_at=DAY + timedelta(days=1, hours=11))
    seed_people(job_b, [Person('male', 'white', 70, 'Medium')] * 4, applied_at=DAY - timedelta(days=30))
    other_admin = make_admin()
    seed_people(make_job(other_admin), [Person('female', 'black', 90, 'Strong')] * 5, applied_at=DAY)
    assert _report(admin).scored == 9  # every job of the organization, never another organization's
    assert _report(admin, job_id=job_a.id).scored == 5
    # Dates are UTC days, both ends inclusive: the 11th at 23:00 is in a range ending on the 11th.
    assert _report(admin, date_from=date(2026, 3, 10), date_to=date(2026, 3, 10)).scored == 3
    assert _report(admin, date_from=date(2026, 3, 11), date_to=date(2026, 3, 11)).scored == 2
    assert _report(admin, date_to=date(2026, 3, 1)).scored == 4
    with pytest.raises(NotFound):
        _report(other_admin, job_id=job_a.id)
    with pytest.raises(Invalid):
        _report(admin, date_from=date(2026, 3, 12), date_to=date(2026, 3, 11))


def test_only_admins_see_the_audit() -> None:
    admin = make_admin()
    hr = make_hr(admin)
    with pytest.raises(Forbidden):
        _report(hr)
    with session_scope() as session, pytest.raises(Forbidden):
        bias_export.audit_csv(session, hr)


def test_csv_has_every_table_for_both_column_sets_and_is_audited() -> None:
    admin = make_admin()
    job = make_job(admin)
    seed_people(job, ai_people(), effective_people(), applied_at=DAY)
    with session_scope() as session:
        filename, body = bias_export.audit_csv(session, admin, {'job_id': job.id, 'date_from': '2026-03-01'})
    assert filename.startswith('bias-audit-') and filename.endswith('.csv')
    about, _, table = body.partition('\r\n\r\n')
    fields = dict(row for row in csv.reader(io.StringIO(about)))
    assert fields['candidates_scored'] == '60' and fields['ai_median_score'] == '65.0'
    assert fields['ai_scores_tied_at_median'] == '17' and fields['minimum_group_size_for_ratios'] == '10'
    rows = list(csv.DictReader(io.StringIO(table)))
    # (2 + 7 + 14 categories + 3 unknown rows) per column set.
    assert len(rows) == 2 * (2 + 7 + 14 + 3)
    female = next(r for r in rows if r['basis'] == 'ai' and r['table'] == 'sex' and r['category'] == 'Female')
    assert (female['applicants'], female['above_median'], female['scoring_flag']) == ('31', '11', 'yes')
    assert female['scoring_impact_ratio'] == str(round(242 / 310, 4))
    excluded = next(r for r in rows if r['category'] == 'American Indian or Alaska Native')
    assert excluded['note'] == 'under 2%: excluded from ratios' and excluded['scoring_impact_ratio'] == ''
    unknown = next(r for r in rows if r['basis'] == 'effective' and r['table'] == 'intersectional'
                   and r['category'] == 'Unknown')
    assert unknown['applicants'] == '11' and unknown['note'] == '7 preferred not to say, 4 no answer'
    with session_scope(read_only=True) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == 'fairness.bias_report_csv')).one()
    assert event.subject_id == job.id and event.detail['scored'] == 60


def test_printable_report_escapes_names_and_flags_ratios() -> None:
    admin = make_admin(org='<script>alert(1)</script> Corp')
    job = make_job(admin, title='Engineer <b>bold</b>')
    seed_people(job, ai_people(), effective_people(), applied_at=DAY)
    with session_scope() as session:
        page = bias_export.audit_html(session, admin, {'job_id': job.id})
    assert '<script>alert' not in page and '&lt;script&gt;alert(1)&lt;/script&gt; Corp' in page
    assert 'Engineer &lt;b&gt;bold&lt;/b&gt;' in page
    assert '0.781 ⚑ &lt; 0.80' in page  # female scoring ratio, AI results
    assert 'not meaningful' in page and 'excluded' in page
    assert 'Unknown (3 preferred not to say, 4 no answer)' in page
    assert page.count('<table>') == 6  # three tables, AI and effective

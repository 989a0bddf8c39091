"""How fast the bias audit and the hiring analytics are with 10,000 candidates who self-identified.

Run from the project root: `python bench/analytics.py [--quick] [--postgres [URL]]`. Seeds, in a
temporary directory, one organization with four jobs and 10,000 candidates (bulk inserts): most with
scored interviews and HR overrides on some, the rest scheduled, in progress or abandoned part-way
(with their answers), 80% with a self-identification, a fifth invited by HR (those not started
not accepted yet), 40% of the scored with a feedback rating. Then times the two service calls the pages
make for all jobs over the whole range: the bias report (both column sets, three tables each) and
the hiring analytics (funnel, durations, drop-off, score distribution per job). SQLite by default;
--postgres uses a throw-away database on that server, dropped afterwards. Targets: each ≤ 300 ms.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dashboard import DEFAULT_PG, database
from bench.timing import report, timed

CANDIDATES = 10_000
TARGET_MS = 300.0


def seed(count: int) -> Any:
    """Returns the admin; candidates spread over four jobs and the last 90 days."""
    from sqlalchemy import insert, select, update
    from sqlmodel import col

    from app.db import session_scope
    from app.db_types import utcnow
    from app.models import Answer, Candidate, Interview, Question, SelfIdentification
    from app.services import accounts, jobs
    from app.services.interview.scoring import recommendation_for
    from app.services.self_identification import RACE_LABELS, SEX_LABELS

    with session_scope() as session:
        admin = accounts.signup(session, {'organization': 'Bench Org', 'name': 'Bench Admin',
                                          'email': 'bench@example.com', 'password': 'bench password 1'})
        job_ids = [jobs.create_job(session, admin, {'title': f'Job {n}', 'description': 'Python and SQL.'}).id
                   for n in range(4)]
    rng = random.Random(16)
    now = utcnow()
    org = admin.organization_id
    rows = []
    for n in range(count):
        applied = now - timedelta(minutes=rng.randint(0, 90 * 24 * 60))
        rows.append({'organization_id': org, 'job_id': job_ids[n % 4], 'name': f'Candidate {n:05d}',
                     'email': f'c{n:05d}@example.com', 'resume_text': '', 'resume_parsed': {}, 'resume_flags': [],
                     'status': rng.choice(['pending'] * 5 + ['shortlisted', 'rejected', 'rejected', 'hired']),
                     'created_at': applied, 'decided_at': applied + timedelta(days=rng.uniform(1, 9)),
                     'invited_at': applied if n % 5 == 0 else None,  # a fifth were invited by HR
                     'consent_at': applied})
    with session_scope() as session:
        session.execute(insert(Candidate), rows)
        ids = [(cid, created) for cid, created in session.execute(
            select(Candidate.id, Candidate.created_at).where(Candidate.organization_id == org)).all()]
        interviews, self_ids = [], []
        for cid, applied in ids:
            kind = rng.random()
            started = applied + timedelta(minutes=5)
            row: dict[str, Any] = {'organization_id': org, 'candidate_id': cid, 'token': secrets.token_urlsafe(24),
                                   'plan': [], 'question_total': 8, 'integrity': {}, 'video_segments': [],
                                   'status': 'scheduled'}
            if kind < 0.85:
                score = round(rng.triangular(10, 98, 62), 1)
                effective = min(100.0, score + 8) if rng.random() < 0.05 else score
                row.update(status='completed', started_at=started,
                           ended_at=started + timedelta(minutes=rng.uniform(12, 45)), scored_at=started,
                           final_score=score, recommendation=recommendation_for(score).value,
                           effective_score=effective, effective_recommendation=recommendation_for(effective).value,
                           feedback_rating=rng.randint(1, 5) if rng.random() < 0.4 else None)
            elif kind < 0.90:
                row.update(status='abandoned', started_at=started, ended_at=started + timedelta(hours=1))
            elif kind < 0.95:
                row.update(status='in_progress', started_at=started)
            interviews.append(row)
            if rng.random() < 0.8:
                self_ids.append({'organization_id': org, 'candidate_id': cid,
                                 'sex': rng.choice(list(SEX_LABELS)), 'race_ethnicity': rng.choice(list(RACE_LABELS))})
        session.execute(insert(Interview), interviews)
        session.execute(insert(SelfIdentification), self_ids)
        # Invitations whose interview never started were not accepted yet: no consent, not an application.
        session.execute(update(Candidate).where(col(Candidate.invited_at).is_not(None), col(Candidate.id).in_(
            select(Interview.candidate_id).where(Interview.status == 'scheduled'))).values(consent_at=None))
        abandoned = session.execute(select(Interview.id).where(Interview.status == 'abandoned')).scalars().all()
        questions = [{'interview_id': iid, 'index': q, 'text': f'Question {q + 1}', 'rubric': []}
                     for iid in abandoned for q in range(rng.randint(0, 4))]
        if questions:
            session.execute(insert(Question), questions)
            answers = [{'question_id': qid, 'interview_id': iid, 'status': 'scored', 'evidence': [],
                        'matched_points': [], 'missing_points': []}
                       for qid, iid in session.execute(select(Question.id, Question.interview_id)).all()]
            session.execute(insert(Answer), answers)
        session.commit()
    return admin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--quick', action='store_true', help='fewer timing rounds')
    parser.add_argument('--postgres', nargs='?', const=DEFAULT_PG, default=None, metavar='URL',
                        help='run on a temporary PostgreSQL database on this server instead of SQLite')
    args = parser.parse_args()
    rounds = 5 if args.quick else 30
    with tempfile.TemporaryDirectory(prefix='panelist-bench-') as tmp, database(args.postgres, Path(tmp)) as url:
        os.environ.update(DATA_DIR=tmp, DATABASE_URL=url, SECRET_KEY='bench-only-secret-key-0123456789abcdef')
        from app.config import reset_settings

        reset_settings()
        from app.db import reset_engine, session_scope, upgrade_schema
        from app.services import bias_audit, hiring_analytics

        upgrade_schema()
        started = time.perf_counter()
        admin = seed(CANDIDATES)
        seed_s = time.perf_counter() - started
        print(f'seeded {CANDIDATES} candidates with self-identification in {seed_s:.1f} s '
              f'({"PostgreSQL" if args.postgres else "SQLite"})')
        checked: dict[str, Any] = {}

        def bias() -> None:
            with session_scope(read_only=True) as session:
                result = bias_audit.bias_report(session, admin)
                checked['scored'] = result.scored

        def funnel() -> None:
            with session_scope(read_only=True) as session:
                result = hiring_analytics.hiring_analytics(session, admin.organization_id)
                stages = {s.key: s.count for s in result.funnel}
                checked.update(invited=stages['invited'], applied=stages['applied'],
                               feedback=result.feedback_responses)

        bias_samples, funnel_samples = timed(bias, rounds), timed(funnel, rounds)
        figures = {'bias_report_ms': report('bias report, all jobs', bias_samples),
                   'bias_report_p95_ms': round(_p95(bias_samples), 1),
                   'analytics_ms': report('funnel and analytics, all jobs', funnel_samples),
                   'analytics_p95_ms': round(_p95(funnel_samples), 1)}
        # Every candidate applied but the invited ones whose interview never started (≈ 5% of a fifth).
        assert CANDIDATES * 0.98 < checked['applied'] < CANDIDATES, checked
        assert checked['invited'] == CANDIDATES // 5 and checked['feedback'] > 0, checked
        assert checked['scored'] > CANDIDATES * 0.8, checked
        reset_engine()
    within = figures['bias_report_ms'] <= TARGET_MS and figures['analytics_ms'] <= TARGET_MS
    print(json.dumps({**figures, 'candidates': CANDIDATES, 'scored': checked['scored'], 'invited': checked['invited'],
                      'applied': checked['applied'], 'seed_s': round(seed_s, 1),
                      'target_ms': TARGET_MS, 'within_target': within,
                      'backend': 'postgresql' if args.postgres else 'sqlite'}))


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


if __name__ == '__main__':
    main()

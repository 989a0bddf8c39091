"""How fast the job dashboard and the CSV export are with 10,000 candidates on one job.

Run from the project root: `python bench/dashboard.py [--quick] [--postgres [URL]]`. Seeds, in a
temporary directory, one organization with one job of 10,000 candidates with completed, scored
interviews (bulk inserts), then times the service calls the job page makes for its first page
(the candidate page query and the score distribution) and the CSV export of all 10,000. SQLite by
default; --postgres uses a throw-away database on that server (default PANELIST_TEST_PG or
postgresql://root@127.0.0.1:5432/test), dropped afterwards. The last line is one JSON object.
Targets: first page ≤ 150 ms server time, CSV of 10,000 ≤ 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import report, timed

CANDIDATES = 10_000
DEFAULT_PG = os.environ.get('PANELIST_TEST_PG', 'postgresql://root@127.0.0.1:5432/test')


@contextmanager
def database(postgres: str | None, directory: Path) -> Iterator[str]:
    if postgres is None:
        yield f'sqlite:///{directory / "bench.db"}'
        return
    import psycopg

    name = f'panelist_bench_{uuid.uuid4().hex[:8]}'
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE {name}')
    try:
        yield f'{postgres.rsplit("/", 1)[0]}/{name}'
    finally:
        from app.db import reset_engine

        reset_engine()
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


def seed(count: int) -> tuple[object, int]:
    """One admin, one job and `count` candidates with scored interviews; returns (admin, job id)."""
    from sqlalchemy import insert

    from app.db import session_scope
    from app.db_types import utcnow
    from app.models import Candidate, Interview
    from app.services import accounts, jobs
    from app.services.interview.scoring import recommendation_for

    with session_scope() as session:
        admin = accounts.signup(session, {'organization': 'Bench Org', 'name': 'Bench Admin',
                                          'email': 'bench@example.com', 'password': 'bench password 1'})
        job = jobs.create_job(session, admin, {'title': 'Backend Engineer', 'description': 'Python and SQL.',
                                               'must_have_skills': ['Python', 'PostgreSQL']})
    rng = random.Random(42)
    now = utcnow()
    statuses = ['pending'] * 6 + ['shortlisted', 'rejected', 'rejected', 'hired']
    candidates, interviews = [], []
    for n in range(count):
        candidates.append({
            'organization_id': admin.organization_id, 'job_id': job.id, 'name': f'Candidate {n:05d}',
            'email': f'candidate{n:05d}@example.com', 'resume_text': '', 'resume_parsed': {'skills': ['Python']},
            'resume_flags': [], 'must_have_match': float(rng.choice([0, 50, 100])), 'status': rng.choice(statuses),
            'created_at': now - timedelta(minutes=n), 'decided_at': None, 'decided_by': None,
        })
    with session_scope() as session:
        session.execute(insert(Candidate), candidates)
        ids = session.exec(Candidate.__table__.select().with_only_columns(  # type: ignore[attr-defined]
            Candidate.__table__.c.id).where(Candidate.__table__.c.job_id == job.id)).all()  # type: ignore[attr-defined]
        for (candidate_id,) in ids:
            dims = [round(rng.uniform(0, 5), 2) for _ in range(4)]
            score = round(20 * (0.4 * dims[0] + 0.3 * dims[1] + 0.1 * dims[2] + 0.2 * dims[3]), 1)
            recommendation = recommendation_for(score).value
            interviews.append({
                'organization_id': admin.organization_id, 'candidate_id': candidate_id,
                'token': secrets.token_urlsafe(24), 'status': 'completed', 'plan': [], 'current_index': 10,
                'question_total': 10, 'started_at': now, 'ended_at': now, 'scored_at': now,
                'final_score': score, 'recommendation': recommendation, 'effective_score': score,
                'effective_recommendation': recommendation, 'report': 'A scored interview.', 'integrity': {},
                'video_segments': [], 'override_count': 0, 'needs_review': False, 'scoring_provider': 'offline',
                **{f'avg_{d}': v for d, v in zip(('correctness', 'depth', 'clarity', 'relevance'), dims, strict=True)},
                **{f'effective_{d}': v for d, v in zip(('correctness', 'depth', 'clarity', 'relevance'), dims,
                                                       strict=True)},
            })
        session.execute(insert(Interview), interviews)
        session.commit()
    assert job.id is not None
    return admin, job.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--quick', action='store_true', help='fewer timing rounds')
    parser.add_argument('--postgres', nargs='?', const=DEFAULT_PG, default=None, metavar='URL',
                        help='run on a temporary PostgreSQL database on this server instead of SQLite')
    args = parser.parse_args()
    rounds, csv_rounds = (5, 2) if args.quick else (30, 5)
    with tempfile.TemporaryDirectory(prefix='panelist-bench-') as tmp, database(args.postgres, Path(tmp)) as url:
        os.environ.update(DATA_DIR=tmp, DATABASE_URL=url, SECRET_KEY='bench-only-secret-key-0123456789abcdef')
        from app.config import reset_settings

        reset_settings()
        from app.db import reset_engine, session_scope, upgrade_schema
        from app.services import dashboard, exports

        upgrade_schema()
        started = time.perf_counter()
        admin, job_id = seed(CANDIDATES)
        seed_s = time.perf_counter() - started
        print(f'seeded {CANDIDATES} candidates with scored interviews in {seed_s:.1f} s '
              f'({"PostgreSQL" if args.postgres else "SQLite"})')

        def first_page() -> None:
            with session_scope(read_only=True) as session:
                page = dashboard.job_dashboard(session, admin.organization_id, job_id)  # type: ignore[attr-defined]
                dashboard.score_distribution(session, admin.organization_id, job_id)  # type: ignore[attr-defined]
                assert page.total == CANDIDATES and len(page.rows) == 25

        def by_score_filtered() -> None:
            with session_scope(read_only=True) as session:
                dashboard.job_dashboard(session, admin.organization_id, job_id,  # type: ignore[attr-defined]
                                        {'sort': 'score', 'status': ['pending', 'shortlisted'], 'search': '12'})

        rows = 0

        def csv_all() -> None:
            nonlocal rows
            with session_scope() as session:
                _, body = exports.job_csv(session, admin, job_id)  # type: ignore[arg-type]
                rows = body.count('\n') - 1

        figures = {
            'dashboard_first_page_ms': report('dashboard first page', timed(first_page, rounds)),
            'dashboard_sorted_filtered_ms': report('sorted by score, filtered', timed(by_score_filtered, rounds)),
            'csv_10000_ms': report('CSV of all candidates', timed(csv_all, csv_rounds)),
        }
        assert rows == CANDIDATES, rows
        reset_engine()
    print(json.dumps({**figures, 'candidates': CANDIDATES, 'seed_s': round(seed_s, 1),
                      'backend': 'postgresql' if args.postgres else 'sqlite'}))


if __name__ == '__main__':
    main()

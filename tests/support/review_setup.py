"""Completed interviews with real answers, recordings and scores, made by the engine with scripted
providers — the material HR reviews in the report, dashboard and export tests."""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from app.db import session_scope
from app.db_types import utcnow
from app.models import Answer, Candidate, Interview, Job
from app.services.interview import integrity, media
from app.services.interview.scoring import recommendation_for
from tests.support.engine_setup import Rig, spoken
from tests.support.factories import make_interview

STRONG = 'I would add an index, wrap it in a transaction and use replication for reads.'
PARTIAL = 'I would add an index and hope for the best.'
WEAK = 'I am not sure, maybe restart the server.'


async def interview_with_answers(rig: Rig, job: Job, answers: list[str], name: str = 'Cara Candidate',
                                 email: str | None = None, video: bool = True) -> Interview:
    """A candidate who answered every question of `job` (job.question_count == len(answers))."""
    interview = make_interview(job, name=name, email=email)
    state = await rig.engine.start(interview.token)
    if video:
        with session_scope() as session:
            segment = media.open_video_segment(session, interview.token, 'video/webm;codecs=vp8')
            media.append_video_chunk(session, interview.token, segment, 0, b'\x1aE\xdf\xa3 fake webm')
            integrity.record_focus_change(session, interview.token, lost=True, hidden=True, at=None,
                                                question_index=1)
    for text in answers:
        assert state.question is not None
        await rig.engine.submit_answer(interview.token, state.question.index, spoken(text))
        state = await rig.engine.room(interview.token)
    await rig.wait_idle()
    return load_interview(interview.id or 0)


def load_interview(interview_id: int) -> Interview:
    with session_scope(read_only=True) as session:
        interview = session.get(Interview, interview_id)
        assert interview is not None
        return interview


def answers_of(interview_id: int) -> list[Answer]:
    with session_scope(read_only=True) as session:
        return list(session.exec(select(Answer).where(Answer.interview_id == interview_id)
                                 .order_by(col(Answer.id))).all())


NAMES = ['Ada', 'bob', 'Cy', 'Dee', 'eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo%', 'Kim', 'Lu_x', 'Mo', 'Ned']


def seed_dashboard(job: Job, count: int = 40, rng_seed: int = 7) -> list[dict[str, Any]]:
    """Candidates with known values (some unscored); returns what the dashboard should show."""
    rng = random.Random(rng_seed)
    now = utcnow()
    expected = []
    with session_scope() as session:
        for n in range(count):
            scored = n % 5 != 0
            score = round(rng.uniform(10, 99), 1) if scored else None
            candidate = Candidate(
                organization_id=job.organization_id, job_id=job.id, name=f'{NAMES[n % len(NAMES)]} {n:02d}',
                email=f'person{n:02d}@{"acme" if n % 2 else "globex"}.io',
                created_at=now - timedelta(minutes=n * 7 % 31),
                status=['pending', 'shortlisted', 'rejected', 'hired'][n % 4],
                must_have_match=None if n % 7 == 0 else float(rng.randint(0, 100)))
            session.add(candidate)
            session.flush()
            dims = {d: round(rng.uniform(0, 5), 2) if scored else None for d in dashboard_dims()}
            interview = Interview(
                organization_id=job.organization_id, candidate_id=candidate.id, token=secrets.token_urlsafe(16),
                status='completed' if scored else 'scheduled', final_score=score, effective_score=score,
                recommendation=recommendation_for(score).value if score is not None else None,
                effective_recommendation=recommendation_for(score).value if score is not None else None,
                **{f'effective_{d}': v for d, v in dims.items()})
            session.add(interview)
            session.flush()
            expected.append({'id': candidate.id, 'name': candidate.name, 'email': candidate.email,
                             'applied': candidate.created_at, 'status': candidate.status,
                             'interview': interview.status, 'score': score,
                             'recommendation': interview.effective_recommendation, 'match': candidate.must_have_match,
                             **dims})
        session.commit()
    return expected


def dashboard_dims() -> tuple[str, ...]:
    return ('correctness', 'depth', 'clarity', 'relevance')

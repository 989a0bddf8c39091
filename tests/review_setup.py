"""Completed interviews with real answers, recordings and scores, made by the engine with scripted
providers — the material HR reviews in the report, dashboard and export tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlmodel import col, select

from app.db import session_scope
from app.models import Answer, Interview, Job
from app.services import interview_media
from tests.factories import make_interview
from tests.services.engine_setup import Rig, build_rig, spoken

STRONG = 'I would add an index, wrap it in a transaction and use replication for reads.'
PARTIAL = 'I would add an index and hope for the best.'
WEAK = 'I am not sure, maybe restart the server.'


@asynccontextmanager
async def running_rig(max_attempts: int = 3) -> AsyncIterator[Rig]:
    rig = build_rig(max_attempts=max_attempts)
    await rig.worker.start()
    try:
        yield rig
    finally:
        await rig.worker.stop()
        await rig.engine.aclose()


async def interview_with_answers(rig: Rig, job: Job, answers: list[str], name: str = 'Cara Candidate',
                                 email: str | None = None, video: bool = True) -> Interview:
    """A candidate who answered every question of `job` (job.question_count == len(answers))."""
    interview = make_interview(job, name=name, email=email)
    state = await rig.engine.start(interview.token)
    if video:
        with session_scope() as session:
            segment = interview_media.open_video_segment(session, interview.token, 'video/webm;codecs=vp8')
            interview_media.append_video_chunk(session, interview.token, segment, 0, b'\x1aE\xdf\xa3 fake webm')
            interview_media.record_focus_change(session, interview.token, lost=True, hidden=True, at=None,
                                                question_index=1)
    for text in answers:
        assert state.question is not None
        await rig.engine.submit_answer(interview.token, state.question.index, spoken(text))
        state = await rig.engine.room(interview.token)
    await rig.settle()
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

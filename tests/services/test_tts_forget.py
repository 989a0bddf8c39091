"""Deleting a candidate also forgets the cached speech of their questions (they can name their projects)."""

from __future__ import annotations

import pytest

from app.config import get_settings
from app.db import session_scope
from app.models import Question
from app.providers.tts.cache import AudioCache, cache_key
from app.services import candidates
from tests.support.factories import make_admin, make_interview, make_job

pytestmark = pytest.mark.usefixtures('database')

PERSONAL = 'Tell me about the billing engine you built at Northwind Traders.'
SHARED = 'How do you investigate a slow query in PostgreSQL?'


def test_deleting_a_candidate_forgets_their_spoken_questions() -> None:
    admin = make_admin()
    interview = make_interview(make_job(admin))
    with session_scope() as session:
        session.add(Question(interview_id=interview.id, index=0, text=PERSONAL, type='project'))
        session.commit()
    cache = AudioCache(get_settings().data_dir / 'tts_cache', memory_items=8)
    personal, shared = cache_key('joe', 'en', PERSONAL), cache_key('joe', 'en', SHARED)
    cache.put(personal, b'RIFF personal')
    cache.put(shared, b'RIFF shared')
    cache.put(cache_key('sarvam:bulbul', 'hi-IN', PERSONAL), b'RIFF other voice')

    with session_scope() as session:
        candidates.delete_candidate(session, admin, interview.candidate_id)

    files = sorted(p.name for p in (get_settings().data_dir / 'tts_cache').rglob('*.wav'))
    assert files == [f'{shared.rsplit("/", 1)[1]}.wav']  # every voice's copy of the personal one is gone
    assert cache.get(personal) is None and cache.get(shared) == b'RIFF shared'

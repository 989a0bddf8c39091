"""HR watching live: questions asked next, scored on HR's key points or left unscored, notes, the
live read model and its change marker, presence (shared through Redis by several instances) and the
audit trail."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from sqlmodel import select

from app.config import reset_settings
from app.db import session_scope
from app.errors import Conflict, Invalid, NotFound
from app.models import AuditEvent, InterviewStatus, Question, QuestionType, User
from app.services.live import notes, presence
from app.services.live.snapshot import LiveSnapshot, live_marker, live_snapshot
from tests.support.engine_setup import Rig, spoken
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import STRONG, answers_of, load_interview

pytestmark = pytest.mark.usefixtures('database')


def _snapshot(user: User, candidate_id: int) -> LiveSnapshot:
    with session_scope(read_only=True) as session:
        return live_snapshot(session, user.organization_id, candidate_id)


async def test_hr_question_is_asked_next_and_scored_on_hr_key_points(rig: Rig) -> None:
    hr = make_admin()
    interview = make_interview(make_job(hr, question_count=3))
    state = await rig.engine.start(interview.token)
    assert state.question is not None and state.question.index == 0
    await rig.wait_idle()  # question 2 is pre-generated meanwhile: HR's question must replace it in line
    slot = await rig.pipeline.live.ask(hr, interview.candidate_id, interview.id,
                                       'Why did you choose PostgreSQL over MySQL?', 'index\n- transaction\n')
    assert slot == 1
    turn = await rig.engine.submit_answer(interview.token, 0, spoken(STRONG))
    assert turn.next is not None and turn.next.type == QuestionType.live and turn.next.total == 4
    assert turn.next.text == 'Why did you choose PostgreSQL over MySQL?' and turn.next.has_audio
    await rig.engine.submit_answer(interview.token, 1, spoken('I would add an index and use a transaction.'))
    state = await rig.engine.room(interview.token)
    while state.question is not None:
        await rig.engine.submit_answer(interview.token, state.question.index, spoken(STRONG))
        state = await rig.engine.room(interview.token)
    await rig.wait_idle()
    with session_scope(read_only=True) as session:
        asked = session.exec(select(Question).where(Question.interview_id == interview.id,
                                                    Question.index == 1)).one()
    assert asked.asked_by_id == hr.id and asked.asked_by_label == hr.name
    assert [p['point'] for p in asked.rubric] == ['index', 'transaction']
    live_answer = answers_of(interview.id)[1]
    assert live_answer.transcript == 'I would add an index and use a transaction.'
    assert live_answer.correctness == 5.0  # both of HR's key points covered
    assert load_interview(interview.id).status == InterviewStatus.completed


async def test_hr_question_without_key_points_is_transcribed_but_unscored(rig: Rig) -> None:
    hr = make_admin()
    interview = make_interview(make_job(hr, question_count=3))
    await rig.engine.start(interview.token)
    await rig.pipeline.live.ask(hr, interview.candidate_id, interview.id, 'Tell us about your notice period.', '')
    state = await rig.engine.room(interview.token)
    while state.question is not None:
        text = 'Two months.' if state.question.type == QuestionType.live else STRONG
        await rig.engine.submit_answer(interview.token, state.question.index, spoken(text))
        state = await rig.engine.room(interview.token)
    await rig.wait_idle()
    unscored = answers_of(interview.id)[1]
    assert unscored.transcript == 'Two months.' and unscored.correctness is None
    assert 'not scored' in (unscored.comment or '')
    done = load_interview(interview.id)
    assert done.status == InterviewStatus.completed and done.final_score == 100.0  # the unscored answer is left out


async def test_live_questions_are_refused_when_they_cannot_be_asked(rig: Rig) -> None:
    hr = make_admin()
    interview = make_interview(make_job(hr, question_count=3))
    with pytest.raises(Conflict, match='not in progress'):
        await rig.pipeline.live.ask(hr, interview.candidate_id, interview.id, 'A question too early?', '')
    await rig.engine.start(interview.token)
    with pytest.raises(Invalid, match='at least 5'):
        await rig.pipeline.live.ask(hr, interview.candidate_id, interview.id, 'Hm?', '')
    with pytest.raises(Invalid, match='key points'):
        await rig.pipeline.live.ask(hr, interview.candidate_id, interview.id, 'Fine question?', '\n'.join('abcdefg'))
    stranger = make_admin('Other Co', 'eve@other.example')
    with pytest.raises(NotFound):
        await rig.pipeline.live.ask(stranger, interview.candidate_id, interview.id, 'Sneaky question?', '')
    with pytest.raises(NotFound):
        _snapshot(stranger, interview.candidate_id)


async def test_snapshot_follows_the_interview_and_notes_are_time_stamped(rig: Rig) -> None:
    hr = make_admin()
    interview = make_interview(make_job(hr, question_count=3))
    await rig.engine.start(interview.token)
    with session_scope(read_only=True) as session:
        before = live_marker(session, hr.organization_id, interview.candidate_id)
    first = _snapshot(hr, interview.candidate_id)
    assert first.status == 'in_progress' and first.current is not None and first.current.number == 1
    assert first.items[0].transcript is None

    await rig.engine.submit_answer(interview.token, 0, spoken(STRONG))
    await rig.wait_idle()
    with session_scope() as session:
        note = notes.add_note(session, hr, interview.candidate_id, '  Good eye contact.  ')
        after = live_marker(session, hr.organization_id, interview.candidate_id)
    assert note.text == 'Good eye contact.' and note.question_index == 1  # question 2 is on screen
    assert after != before
    second = _snapshot(hr, interview.candidate_id)
    assert second.items[0].transcript == STRONG and second.items[0].scores['correctness'] == 5.0
    assert second.current is not None and second.current.number == 2
    assert [(n.text, n.question_number, n.author) for n in second.notes] == [('Good eye contact.', 2, hr.name)]
    with session_scope() as session, pytest.raises(Invalid):
        notes.add_note(session, hr, interview.candidate_id, '   ')


def test_presence_and_every_live_view_is_audited() -> None:
    presence.reset()  # page tests that opened a live view for interview 1 (ids restart per test) leave watchers
    hr = make_admin()
    interview = make_interview(make_job(hr, question_count=3))
    first = presence.watch(interview.id, 'Ann')
    second = presence.watch(interview.id, 'Ann')
    assert presence.watchers(interview.id) == ['Ann']
    presence.leave(interview.id, first)
    assert presence.watchers(interview.id) == ['Ann']
    presence.leave(interview.id, second)
    assert presence.watchers(interview.id) == []
    for _ in range(2):
        with session_scope() as session:
            presence.record_live_view(session, hr, interview.candidate_id, interview.id)
    with session_scope(read_only=True) as session:
        views = session.exec(select(AuditEvent).where(AuditEvent.action == 'interview.live_view')).all()
    assert len(views) == 2 and all(v.subject_id == interview.candidate_id for v in views)


def test_the_consent_notice_says_someone_may_watch_live() -> None:
    from app.consent import consent_notice

    notice = consent_notice('Acme', None)
    assert any('watch your interview live' in section.text for section in notice.sections)


@pytest.fixture
def shared_presence(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """REDIS_URL set (several web instances), with a key prefix of its own that is removed afterwards."""
    redis = pytest.importorskip('redis', reason='the redis client comes with the `cluster` extra')
    url = 'redis://127.0.0.1:6379/15'
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f'no Redis at {url}: {exc}')
    prefix = f'test-{uuid.uuid4().hex[:8]}:'
    monkeypatch.setenv('REDIS_URL', url)
    monkeypatch.setenv('REDIS_KEY_PREFIX', prefix)
    reset_settings()
    presence.reset()
    yield prefix
    presence.reset()
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f'{prefix}*'):
        client.delete(key)
    monkeypatch.undo()
    reset_settings()


def test_the_room_on_another_instance_sees_who_watches(shared_presence: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Instance A serves HR's live page; instance B (no state of A's in its memory) serves the candidate's room.
    watch_id = presence.watch(42, 'Ann')
    on_a = dict(presence._watching)
    presence.reset()  # now this process is instance B
    assert presence.watchers(42) == ['Ann']
    presence._watching.update(on_a)  # back on A: HR closes the tab
    presence.leave(42, watch_id)
    presence.reset()
    assert presence.watchers(42) == []
    # Instance A dies with the page open: the watch expires unless it is renewed.
    second = presence.watch(42, 'Ben')
    presence.renew(42, second)
    presence.reset()
    later = time.time() + presence.WATCH_TTL_SECONDS + 1
    monkeypatch.setattr(presence.time, 'time', lambda: later)
    assert presence.watchers(42) == []

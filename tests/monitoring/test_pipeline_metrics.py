"""The interview pipeline's figures appear and move when an interview runs (scripted providers, timed as
build_providers times the real ones)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client import REGISTRY, generate_latest

from app.db import run_in_session
from app.db_types import utcnow
from app.providers.instrumented import TimedLLM, TimedSTT, TimedTTS
from app.services.interview import rows
from app.services.interview.pipeline import build_pipeline
from tests.support.engine_doubles import ScriptedLLM, ScriptedTTS, TextSTT
from tests.support.engine_setup import Rig, spoken
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import STRONG

pytestmark = pytest.mark.usefixtures('database')
COUNTERS = ('panelist_interviews_started_total', 'panelist_interviews_completed_total',
            'panelist_interviews_abandoned_total', 'panelist_answers_received_total', 'panelist_answers_scored_total',
            'panelist_interview_duration_seconds_count')


def read(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_metrics_move_when_an_interview_runs() -> None:
    scripted = ScriptedLLM()
    llm, tts, stt = TimedLLM(scripted), TimedTTS(ScriptedTTS()), TimedSTT(TextSTT())
    rig = Rig(scripted, tts, stt, build_pipeline(llm, tts, stt, max_attempts=3, base_delay_seconds=0.01,
                                                 concurrency=2))
    engine = rig.engine
    before = {name: read(name) for name in COUNTERS}
    evaluate = {'kind': 'llm', 'provider': 'scripted', 'operation': 'evaluate'}
    calls_before = read('panelist_provider_call_duration_seconds_count', **evaluate)
    retried_before = read('panelist_answers_failed_total', final='no')
    await rig.pipeline.start()
    try:
        interview = make_interview(make_job(make_admin(), question_count=3))
        scripted.fail_evaluations = 1  # one scoring attempt fails and is retried
        state = await engine.start(interview.token)
        while state.question is not None:
            await engine.submit_answer(interview.token, state.question.index, spoken(STRONG))
            state = await engine.room(interview.token)
        await rig.wait_idle()
        stale = make_interview(make_job(make_admin(), question_count=3))
        await engine.start(stale.token)
        await rig.wait_idle()
        await run_in_session(rows.abandon_idle, utcnow() + timedelta(minutes=1))
    finally:
        await rig.pipeline.stop()
    moved = {name: read(name) - before[name] for name in COUNTERS}
    assert moved == {'panelist_interviews_started_total': 2, 'panelist_interviews_completed_total': 1,
                     'panelist_interviews_abandoned_total': 1, 'panelist_answers_received_total': 3,
                     'panelist_answers_scored_total': 3, 'panelist_interview_duration_seconds_count': 1}
    assert read('panelist_answers_failed_total', final='no') == retried_before + 1
    assert read('panelist_provider_call_duration_seconds_count', **evaluate) == calls_before + 4  # 3 + 1 retry
    assert read('panelist_provider_call_duration_seconds_count', kind='tts', provider='scripted-tts',
                operation='synthesize') >= 3
    exposition = generate_latest(REGISTRY).decode()
    assert 'panelist_provider_call_duration_seconds_count{kind="stt",operation="transcribe",provider="text-stt"}' \
        in exposition

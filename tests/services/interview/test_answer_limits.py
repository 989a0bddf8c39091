"""Hostile recordings: audio that decompresses to hours, undecodable files, answers that crash the
worker (issue 11, item 4)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from app.errors import Invalid
from app.models import AnswerStatus
from app.providers.audio import AudioTooLong, Pcm, decode_audio, probe_duration, reading_audio
from app.providers.errors import UnreadableAudio
from app.providers.stt.base import Transcription
from app.services.interview.answers import AnswerUpload
from tests.providers.audio_files import encode
from tests.support.engine_setup import Rig, build_rig, spoken
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import answers_of

pytestmark = pytest.mark.usefixtures('database')


def _opus(tmp_path: Path, seconds: float) -> bytes:
    """Quiet audio as a browser's MediaRecorder sends it: webm/opus (silence compresses to almost nothing)."""
    samples = (np.sin(np.arange(int(seconds * 16_000)) / 8) * 200).astype(np.int16)
    return encode(Pcm(samples), tmp_path / f'a{seconds}.webm', 'webm', 'libopus', 48_000).read_bytes()


async def test_a_recording_longer_than_the_answer_limit_is_refused_at_upload(rig: Rig, tmp_path: Path) -> None:
    job = make_job(make_admin(), question_count=3, answer_time_limit_seconds=30)  # + 30 s slack: 60 s at most
    interview = make_interview(job)
    await rig.engine.start(interview.token)
    long = _opus(tmp_path, 150)
    with pytest.raises(Invalid, match=r'The recording lasts more than 1 min 0 s, the longest an answer can last'):
        await rig.engine.submit_answer(interview.token, 0, AnswerUpload(long, 'audio/webm;codecs=opus', 'k' * 8, 5.0))
    assert answers_of(interview.id) == []
    fine = await rig.engine.submit_answer(interview.token, 0, AnswerUpload(_opus(tmp_path, 20), 'audio/webm', 'k2' * 4,
                                                                           20.0))
    assert fine.answer_index == 0 and len(answers_of(interview.id)) == 1


def test_probing_a_long_recording_stops_past_the_limit(tmp_path: Path) -> None:
    """Refusing hours of opus must not walk every packet (120 min took ~7 s of CPU per upload)."""
    data = _opus(tmp_path, 150)
    assert 149 < probe_duration(data, 'audio/webm') < 151
    assert 60 < probe_duration(data, 'audio/webm', stop_after=60) < 61  # the first packet past 60 s ends the walk
    assert 149 < probe_duration(data, 'audio/webm', stop_after=600) < 151


def test_decoding_stops_at_the_sample_cap_and_the_container_is_pinned(tmp_path: Path) -> None:
    data = _opus(tmp_path, 20)
    assert 19 < probe_duration(data, 'audio/webm') < 21
    with pytest.raises(AudioTooLong, match='longer than 5 seconds'):
        decode_audio(data, mime='audio/webm', max_seconds=5)
    assert decode_audio(data, mime='audio/webm', max_seconds=30).duration_seconds > 19
    with pytest.raises(UnreadableAudio, match='could not decode'), reading_audio('stt', tmp_path / 'x'):
        decode_audio(data, mime='audio/wav')  # declared wav: never sniffed and read as webm
    with pytest.raises(UnreadableAudio), reading_audio('stt', tmp_path / 'x'):
        decode_audio(b'not audio at all' * 100, mime='audio/ogg')


class _Unreadable:
    """The real providers' behaviour on a file that is not audio (reading_audio raises UnreadableAudio)."""

    name = 'unreadable-stt'

    def __init__(self) -> None:
        self.calls = 0

    async def transcribe(self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None,
                         language: str = 'en') -> Transcription:
        self.calls += 1
        with reading_audio(self.name, audio):
            decode_audio(audio, mime=mime)
        raise AssertionError('unreachable')


class _Hanging:
    """Stands in for a process that dies mid-answer: the attempt never finishes."""

    name = 'hanging-stt'

    def __init__(self) -> None:
        self.started = asyncio.Event()

    async def transcribe(self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None,
                         language: str = 'en') -> Transcription:
        self.started.set()
        await asyncio.Event().wait()
        raise AssertionError('unreachable')


async def test_undecodable_audio_fails_at_once_with_its_reason() -> None:
    rig = build_rig(max_attempts=4)
    stt = _Unreadable()
    rig.pipeline.worker.stt = stt
    await rig.pipeline.start()
    try:
        interview = make_interview(make_job(make_admin(), question_count=3))
        await rig.engine.start(interview.token)
        await rig.engine.submit_answer(interview.token, 0, spoken('garbage, not a webm file'))
        await rig.wait_idle()
    finally:
        await rig.pipeline.stop()
    [answer] = answers_of(interview.id)
    assert answer.status == AnswerStatus.failed and answer.attempts == 1 and stt.calls == 1
    assert answer.error is not None and 'could not decode the audio' in answer.error


async def test_an_answer_that_kills_the_worker_is_not_retried_forever() -> None:
    interview = make_interview(make_job(make_admin(), question_count=3))
    for restart in range(3):  # each "process" starts on the answer and dies before finishing it
        rig = build_rig(max_attempts=2)
        hanging = _Hanging()
        rig.pipeline.worker.stt = hanging
        await rig.pipeline.start()
        if restart == 0:
            await rig.engine.start(interview.token)
            await rig.engine.submit_answer(interview.token, 0, spoken('an answer'))
        if restart < 2:
            async with asyncio.timeout(10):
                await hanging.started.wait()
        else:
            await rig.wait_idle()
            assert not hanging.started.is_set()  # the third start does not try again
        await rig.pipeline.stop()
    [answer] = answers_of(interview.id)
    assert answer.status == AnswerStatus.failed and answer.attempts == 2
    assert answer.error is not None and 'interrupted 2 times' in answer.error

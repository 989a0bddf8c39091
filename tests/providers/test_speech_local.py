"""Piper speaks, whisper listens: the offline speech path, including the browser's webm/opus uploads."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.providers.audio import Pcm, decode_audio
from app.providers.errors import ProviderError
from app.providers.stt.whisper import WhisperSTT, build_prompt
from tests.providers.audio_files import encode

SENTENCE = 'We store the orders in PostgreSQL and deploy the service on Kubernetes.'
HINTS = ['PostgreSQL', 'Kubernetes', 'Python']


@pytest.fixture(scope='module')
def spoken(piper_tts: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    audio = asyncio.run(piper_tts.synthesize(SENTENCE, 'en'))
    assert audio is not None and audio.mime == 'audio/wav' and audio.duration_seconds > 2
    path = tmp_path_factory.mktemp('speech') / 'question.wav'
    path.write_bytes(audio.data)
    return path


def words(text: str) -> str:
    return text.lower().replace('-', '')


async def test_piper_round_trip_keeps_technical_terms(spoken: Path, whisper_stt: WhisperSTT) -> None:
    result = await whisper_stt.transcribe(spoken, mime='audio/wav', hints=HINTS)
    text = words(result.text)
    assert 'postgresql' in text and 'kubernetes' in text and 'orders' in text
    assert result.language == 'en'
    assert result.confidence is not None and 0.3 < result.confidence <= 1
    assert result.duration_seconds == pytest.approx(decode_audio(spoken).duration_seconds, abs=0.05)


@pytest.mark.parametrize(('container', 'codec', 'rate', 'suffix'), [
    ('webm', 'libopus', 48000, 'webm'),
    ('ogg', 'libopus', 48000, 'ogg'),
    ('mp4', 'aac', 44100, 'm4a'),
])
async def test_browser_formats_transcribe(spoken: Path, whisper_stt: WhisperSTT, tmp_path: Path,
                                          container: str, codec: str, rate: int, suffix: str) -> None:
    upload = encode(decode_audio(spoken), tmp_path / f'answer.{suffix}', container, codec, rate)
    result = await whisper_stt.transcribe(upload, mime=f'audio/{suffix}', hints=HINTS)
    assert 'kubernetes' in words(result.text)
    assert result.duration_seconds > 2


async def test_silence_returns_empty_without_loading_a_model(tmp_path: Path) -> None:
    silent = encode(Pcm(np.zeros(16000 * 3, dtype=np.int16)), tmp_path / 'quiet.webm', 'webm', 'libopus', 48000)
    # A model path that does not exist: any attempt to run whisper would raise.
    stt = WhisperSTT(str(tmp_path / 'no-model-here'), workers=1)
    result = await stt.transcribe(silent, mime='audio/webm')
    assert result.text == '' and result.confidence is None and result.speech_detected is False
    assert result.duration_seconds == pytest.approx(3, abs=0.1)
    assert not stt.loaded


async def test_corrupt_upload_is_a_clear_error(whisper_stt: WhisperSTT, tmp_path: Path) -> None:
    bogus = tmp_path / 'answer.webm'
    bogus.write_bytes(b'\x1aE\xdf\xa3 truncated webm header')
    with pytest.raises(ProviderError, match='decode'):
        await whisper_stt.transcribe(bogus)


def test_prompt_names_the_job_skills() -> None:
    assert build_prompt(None) is None
    prompt = build_prompt(['PostgreSQL', 'Kubernetes', 'PostgreSQL', ' '])
    assert prompt is not None and prompt.count('PostgreSQL') == 1 and 'Kubernetes' in prompt


async def test_piper_caches_and_leaves_other_languages_to_the_browser(piper_tts: Any) -> None:
    first = await piper_tts.synthesize('Thank you, that is all.', 'en')
    again = await piper_tts.synthesize('Thank you,   that is all.', 'en')
    assert first is not None and again is not None and first.data == again.data
    assert await piper_tts.synthesize('Merci beaucoup.', 'fr') is None
    assert await piper_tts.synthesize('   ', 'en') is None


async def test_a_long_answer_is_transcribed_completely(piper_tts: Any, whisper_stt: WhisperSTT,
                                                       tmp_path: Path) -> None:
    """Answers run past whisper's 30 s window: nothing may be lost at the window edge, and the skill
    hints must still work in the last part of the answer."""
    from app.providers.audio import join_wavs

    sentences = [
        'I would start by looking at the slow query log in PostgreSQL.',
        'Then I read the plan and check whether the index on the orders table is used.',
        'If the table is large, a composite index on customer and date usually helps.',
        'We run the service in containers on Kubernetes with three replicas.',
        'Each pod has a readiness probe so traffic only reaches healthy instances.',
        'For caching we keep the product catalogue in Redis with a short expiry.',
        'The whole pipeline is tested with pytest before every deployment.',
        'Finally we watch the latency dashboards for a day after each release.',
    ]
    clips = []
    for sentence in sentences:
        audio = await piper_tts.synthesize(sentence, 'en')
        clips.append(audio.data)
    answer = tmp_path / 'answer.wav'
    answer.write_bytes(join_wavs(clips))
    result = await whisper_stt.transcribe(answer, hints=['PostgreSQL', 'Kubernetes', 'Redis', 'pytest'])
    spoken = sum(len(s.split()) for s in sentences)
    assert result.duration_seconds > 30
    assert len(result.text.split()) >= 0.9 * spoken
    text = words(result.text)
    # 'pytest' sits in the last 30 s: the hint still works there (without it whisper hears 'PIDUS').
    assert all(term in text for term in ('postgresql', 'kubernetes', 'pytest', 'dashboards')), result.text


async def test_every_sentence_of_a_short_answer_is_kept(piper_tts: Any, whisper_stt: WhisperSTT,
                                                        tmp_path: Path) -> None:
    """A 10-second answer of three sentences must come back whole: with the skill prompt, whisper's
    batched decoding without timestamps stopped after the first sentence."""
    speech = await piper_tts.synthesize('I have been working with PostgreSQL for many years. '
                                        'I use explain analyze, and vacuum cleans up dead tuples. '
                                        'Then I add the missing index.')
    assert speech is not None
    answer = tmp_path / 'answer.wav'
    answer.write_bytes(speech.data)
    result = await whisper_stt.transcribe(answer, hints=['PostgreSQL'])
    text = words(result.text)
    assert 'postgresql' in text and 'vacuum' in text and 'index' in text, result.text


def _at_peak(pcm: Pcm, peak: float) -> Pcm:
    from app.providers.audio import peak_dbfs

    factor = 10 ** ((peak - (peak_dbfs(pcm) or 0.0)) / 20)
    return Pcm((pcm.samples.astype(np.float32) * factor).round().astype(np.int16), pcm.sample_rate)


@pytest.mark.parametrize('peak', [-30.0, -48.0])
async def test_quiet_speech_is_transcribed_not_called_silence(spoken: Path, whisper_stt: WhisperSTT,
                                                               tmp_path: Path, peak: float) -> None:
    quiet = encode(_at_peak(decode_audio(spoken), peak), tmp_path / 'quiet.webm', 'webm', 'libopus', 48000)
    result = await whisper_stt.transcribe(quiet, mime='audio/webm', hints=HINTS)
    assert result.speech_detected is True and result.peak_dbfs is not None and result.peak_dbfs < peak + 2
    assert 'kubernetes' in words(result.text) and 'orders' in words(result.text)


def test_the_upload_reply_tells_a_quiet_candidate(spoken: Path, tmp_path: Path) -> None:
    from app.services.interview.audio_check import check_audio

    loud = check_audio(spoken.read_bytes())
    assert loud is not None and loud.speech_detected and loud.message is None
    quiet = encode(_at_peak(decode_audio(spoken), -42.0), tmp_path / 'quiet.webm', 'webm', 'libopus', 48000)
    check = check_audio(quiet.read_bytes())
    assert check is not None and check.speech_detected and check.message and 'quiet' in check.message
    muted = encode(Pcm(np.zeros(16000 * 2, dtype=np.int16)), tmp_path / 'muted.webm', 'webm', 'libopus', 48000)
    check = check_audio(muted.read_bytes())
    assert check is not None and not check.speech_detected and check.message and 'could not hear' in check.message
    assert check_audio(b'not audio') is None


async def test_speaking_a_question_goes_before_a_backlog_of_answers(spoken: Path, whisper_stt: WhisperSTT,
                                                                     piper_tts: Any) -> None:
    """A candidate waiting for the next question is not queued behind answers to transcribe (issue 15)."""
    from app.providers.local_pool import configure_pool

    await whisper_stt.warm_up()
    await piper_tts.warm_up()
    configure_pool(1)
    try:
        done: list[str] = []

        async def transcribe(n: int) -> None:
            await whisper_stt.transcribe(spoken, mime='audio/wav')
            done.append(f'answer {n}')

        async def speak() -> None:
            await piper_tts.synthesize(f'Question {asyncio.get_running_loop().time()}: how do you test a queue?', 'en')
            done.append('question')

        backlog = [asyncio.create_task(transcribe(n)) for n in range(4)]
        await asyncio.sleep(0.05)  # the backlog is queued (one of it running) before the question is asked
        await asyncio.gather(speak(), *backlog)
        assert done.index('question') <= 1, done  # at most the answer already running finished first
    finally:
        configure_pool(2)


@pytest.mark.parametrize('leading_silence_seconds', [0.0, 5.0])
def test_has_speech_finds_speech_at_the_start_and_after_a_silent_start(spoken: Path,
                                                                      leading_silence_seconds: float) -> None:
    # has_speech reads the first seconds first; speech that begins later must still count.
    from app.providers.voice import has_speech, speech_spans

    speech = decode_audio(spoken)
    pcm = Pcm(np.concatenate([np.zeros(int(16000 * leading_silence_seconds), dtype=np.int16), speech.samples]))
    assert speech_spans(pcm)[1]
    assert has_speech(pcm)


def test_has_speech_is_false_for_silence_and_hum() -> None:
    from app.providers.voice import has_speech

    hum = (np.sin(np.arange(16000 * 6) * 2 * np.pi * 50 / 16000) * 3000).astype(np.int16)
    assert not has_speech(Pcm(np.zeros(16000 * 6, dtype=np.int16)))
    assert not has_speech(Pcm(hum))

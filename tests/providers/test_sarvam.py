"""Sarvam text-to-speech and speech-to-text against a fake speaking Sarvam's REST formats."""

from __future__ import annotations

import functools
import tempfile
import wave
from pathlib import Path

import numpy as np
import pytest

from app.providers.audio import Pcm, decode_audio, wav_duration
from app.providers.errors import ProviderError, ProviderInvalidOutput, ProviderRateLimited, ProviderTimeout
from app.providers.stt.sarvam import SarvamSTT
from app.providers.tts.cache import AudioCache
from app.providers.tts.sarvam import SarvamTTS, split_text
from tests.providers.audio_files import encode
from tests.providers.conftest import fast_settings
from tests.support.fakes import FakeServers
from tests.support.fakes.sarvam import parse_multipart

EXPECTED_ERROR: dict[str, type[ProviderError]] = {
    'hang': ProviderTimeout, '429': ProviderRateLimited, '500': ProviderError, '503': ProviderError,
    'reset': ProviderError, 'malformed': ProviderInvalidOutput, 'truncated': ProviderInvalidOutput,
    'out_of_range': ProviderInvalidOutput, 'missing_fields': ProviderInvalidOutput,
}


@functools.cache
def _spoken() -> Pcm:
    """A sentence from the bundled piper voice: real speech, which voice detection lets through (a
    warbling tone used to stand in for it; voice activity rightly calls a tone no speech)."""
    from app.providers.tts.piper import PiperTTS, bundled_voice_path

    tts = PiperTTS(bundled_voice_path(), AudioCache(Path(tempfile.mkdtemp()), 4))
    return decode_audio(tts._synthesize_wav('We keep the orders in PostgreSQL and tune the slow queries.'))


def speech_like_wav(path: Path, seconds: float = 2.0) -> Path:
    """`seconds` of speech (the sentence repeated, cut to length) as a 16 kHz WAV."""
    speech = _spoken()
    needed = int(seconds * speech.sample_rate)
    samples = np.tile(speech.samples, needed // len(speech.samples) + 1)[:needed]
    path.write_bytes(Pcm(samples, speech.sample_rate).to_wav())
    return path


def silent_wav(path: Path, seconds: float = 2.0, rate: int = 16000) -> Path:
    with wave.open(str(path), 'wb') as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b'\x00\x00' * int(seconds * rate))
    return path


async def test_tts_speaks_wav_and_sends_sarvam_fields(fake: FakeServers, tmp_path: Path) -> None:
    tts = SarvamTTS(fast_settings(fake, tmp_path), AudioCache(None, 0))
    audio = await tts.synthesize('Tell me about PostgreSQL indexes.', 'en')
    assert audio is not None and audio.mime == 'audio/wav'
    assert audio.duration_seconds == pytest.approx(wav_duration(audio.data)) and audio.duration_seconds > 0.5
    request = fake.sarvam.requests[-1]
    assert request.path == '/text-to-speech' and request.headers['api-subscription-key'] == 'test-key'
    body = request.json()
    assert body['text'] == 'Tell me about PostgreSQL indexes.'
    assert body['target_language_code'] == 'en-IN'
    assert body['model'] == 'bulbul:v2' and body['speaker'] == 'anushka'
    await tts.aclose()


async def test_tts_caches_by_text_and_skips_unsupported_languages(fake: FakeServers, tmp_path: Path) -> None:
    tts = SarvamTTS(fast_settings(fake, tmp_path), AudioCache(tmp_path / 'cache', 8))
    first = await tts.synthesize('Hello there.')
    second = await tts.synthesize('Hello there.')
    assert first is not None and second is not None and first.data == second.data
    assert len(fake.sarvam.requests) == 1
    assert await tts.synthesize('Bonjour.', 'fr') is None  # the browser speaks languages Bulbul lacks
    assert len(fake.sarvam.requests) == 1
    await tts.aclose()


def test_long_text_is_split_under_the_request_limit() -> None:
    text = ' '.join(['This sentence is about forty characters long.'] * 100)
    pieces = split_text(text, 500)
    assert all(len(p) <= 500 for p in pieces)
    assert ' '.join(pieces) == text


@pytest.mark.parametrize('fault', list(EXPECTED_ERROR))
async def test_tts_fault_ends_typed(fault: str, fake: FakeServers, tmp_path: Path) -> None:
    tts = SarvamTTS(fast_settings(fake, tmp_path), AudioCache(None, 0))
    fake.sarvam.always(fault)
    with pytest.raises(EXPECTED_ERROR[fault]):
        await tts.synthesize('Hello there.')
    assert len(fake.sarvam.requests) == 3
    await tts.aclose()


async def test_stt_sends_multipart_and_returns_transcript(fake: FakeServers, tmp_path: Path) -> None:
    stt = SarvamSTT(fast_settings(fake, tmp_path))
    result = await stt.transcribe(speech_like_wav(tmp_path / 'a.wav'), mime='audio/wav', hints=['PostgreSQL'])
    assert 'PostgreSQL' in result.text
    assert result.language == 'en' and result.duration_seconds == pytest.approx(2.0, abs=0.05)
    request = fake.sarvam.requests[-1]
    assert request.path == '/speech-to-text' and request.headers['api-subscription-key'] == 'test-key'
    fields = parse_multipart(request)
    assert fields['model'][1] == b'saarika:v2.5' and fields['language_code'][1] == b'en-IN'
    assert fields['file'][1][:4] == b'RIFF'
    await stt.aclose()


async def test_stt_sends_a_short_browser_recording_as_recorded(fake: FakeServers, tmp_path: Path) -> None:
    """Sarvam reads webm itself: a short answer goes out unchanged, with no local decoding."""
    recording = tmp_path / 'answer.webm'
    encode(decode_audio(speech_like_wav(tmp_path / 'a.wav', seconds=6)), recording, 'webm', 'libopus', 48000)
    stt = SarvamSTT(fast_settings(fake, tmp_path))
    result = await stt.transcribe(recording, mime='audio/webm;codecs=opus')
    assert 'PostgreSQL' in result.text and result.duration_seconds == pytest.approx(6.0, abs=0.1)
    fields = parse_multipart(fake.sarvam.requests[-1])
    assert fields['file'][1] == recording.read_bytes() and fields['file'][0].endswith('.webm')
    await stt.aclose()


async def test_stt_splits_long_answers_under_the_30_second_limit(fake: FakeServers, tmp_path: Path) -> None:
    stt = SarvamSTT(fast_settings(fake, tmp_path))
    result = await stt.transcribe(speech_like_wav(tmp_path / 'long.wav', seconds=55))
    assert len(fake.sarvam.requests) == 3
    assert result.text.count('PostgreSQL') == 3
    await stt.aclose()


async def test_stt_silence_makes_no_request(fake: FakeServers, tmp_path: Path) -> None:
    """A long answer is decoded anyway (to split it), so a muted microphone costs no request."""
    stt = SarvamSTT(fast_settings(fake, tmp_path))
    result = await stt.transcribe(silent_wav(tmp_path / 'quiet.wav', seconds=40))
    assert result.text == '' and fake.sarvam.requests == []
    await stt.aclose()


@pytest.mark.parametrize('fault', list(EXPECTED_ERROR))
async def test_stt_fault_ends_typed(fault: str, fake: FakeServers, tmp_path: Path) -> None:
    stt = SarvamSTT(fast_settings(fake, tmp_path))
    fake.sarvam.always(fault)
    with pytest.raises(EXPECTED_ERROR[fault]):
        await stt.transcribe(speech_like_wav(tmp_path / 'a.wav'))
    assert len(fake.sarvam.requests) == 3
    await stt.aclose()


async def test_stt_reports_a_missing_recording(fake: FakeServers, tmp_path: Path) -> None:
    stt = SarvamSTT(fast_settings(fake, tmp_path))
    for mime in ('audio/webm', None):  # the duration probe of a direct upload, then the decoder
        with pytest.raises(ProviderError, match='No such file'):
            await stt.transcribe(tmp_path / 'deleted.webm', mime=mime)
    assert fake.sarvam.requests == []
    await stt.aclose()


async def test_stt_rejects_a_file_that_is_not_audio(fake: FakeServers, tmp_path: Path) -> None:
    stt = SarvamSTT(fast_settings(fake, tmp_path))
    bogus = tmp_path / 'answer.webm'
    bogus.write_bytes(b'definitely not a media file')
    with pytest.raises(ProviderError, match='decode'):
        await stt.transcribe(bogus)
    assert fake.sarvam.requests == []
    await stt.aclose()

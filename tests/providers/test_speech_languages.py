"""Interviews in other languages: espeak-ng speaks, whisper base hears, in the interview's language.

Real programs and models (espeak-ng from Debian; the multilingual whisper model joined at install), no
doubles. espeak-ng's formant voice is harder to recognise than a person, so the checks are on the
content words a listener would hold on to, not on the exact sentence.
"""

from __future__ import annotations

import json
import wave
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.providers.embedding.model_files import load_manifest, problems
from app.providers.registry import build_providers
from app.providers.stt.multilingual import MultilingualWhisperSTT, bundled_multilingual_path
from app.providers.tts.cache import AudioCache
from app.providers.tts.espeak import EspeakTTS, espeak_path, voice_for

needs_espeak = pytest.mark.skipif(espeak_path() is None,
                                  reason='espeak-ng is not installed (apt-get install espeak-ng)')
SPANISH = ('Un índice hace que las consultas sean más rápidas, pero las escrituras son más lentas. '
           'Siempre reviso el plan de ejecución.')


@pytest.fixture(scope='module')
def multilingual() -> MultilingualWhisperSTT:
    return MultilingualWhisperSTT(str(bundled_multilingual_path()), workers=1, beam_size=5)


def test_the_install_step_joined_the_multilingual_model_exactly() -> None:
    manifest = load_manifest('whisper-base')
    assert problems(manifest, manifest.directory) == []  # every file's size and sha256, model.bin joined whole
    assert (manifest.directory / 'model.bin').stat().st_size == 145_217_532
    config = json.loads((manifest.directory / 'config.json').read_text())
    assert config.get('lang_ids'), 'a multilingual model lists its language tokens'


@needs_espeak
async def test_espeak_speaks_a_spanish_question_as_a_playable_wav(tmp_path: Path) -> None:
    audio = await EspeakTTS(AudioCache(tmp_path, 4)).synthesize(SPANISH, 'es')
    assert audio is not None and audio.mime == 'audio/wav'
    (tmp_path / 'q.wav').write_bytes(audio.data)
    with wave.open(str(tmp_path / 'q.wav'), 'rb') as wav:
        frames, rate = wav.getnframes(), wav.getframerate()
    assert 4 < frames / rate < 20 and abs(audio.duration_seconds - frames / rate) < 0.01  # real length, not 0x7fffffff


@needs_espeak
async def test_a_language_without_a_voice_falls_back_to_the_browser(tmp_path: Path) -> None:
    assert voice_for('xx') is None
    assert await EspeakTTS(AudioCache(tmp_path, 4)).synthesize('Hola', 'xx') is None


@needs_espeak
async def test_a_spanish_answer_comes_back_in_spanish(multilingual: MultilingualWhisperSTT, tmp_path: Path) -> None:
    audio = await EspeakTTS(AudioCache(tmp_path, 4)).synthesize(SPANISH, 'es')
    assert audio is not None
    answer = tmp_path / 'answer.wav'
    answer.write_bytes(audio.data)
    result = await multilingual.transcribe(answer, language='es')
    words = result.text.lower()
    assert sum(term in words for term in ('consultas', 'rápidas', 'escrituras', 'plan de ejecución')) >= 3, words
    assert result.language == 'es' and result.spoken_language == 'es'


async def test_an_english_answer_in_a_spanish_interview_is_heard_as_english(
        multilingual: MultilingualWhisperSTT, piper_tts: Any, tmp_path: Path) -> None:
    audio = await piper_tts.synthesize('I would add an index and check the query plan before changing anything.')
    answer = tmp_path / 'english.wav'
    answer.write_bytes(audio.data)
    result = await multilingual.transcribe(answer, language='es')
    assert result.spoken_language == 'en' and (result.spoken_language_probability or 0) > 0.8


@needs_espeak
async def test_the_registry_routes_each_language_to_its_models(tmp_path: Path) -> None:
    providers = build_providers(Settings(_env_file=None, data_dir=tmp_path))
    assert providers.tts.name == 'piper' and providers.stt.name == 'whisper'  # health and metrics unchanged
    english = await providers.tts.synthesize('Tell me about indexes.', 'en')
    # A sentence long enough for whisper base to settle into Spanish: on some CPUs the short "Háblame de los
    # índices." came back as "ahora me metlo sin difesa" (espeak-ng's formant voice is hard to hear).
    spanish = await providers.tts.synthesize('Háblame de los índices de la base de datos.', 'es')
    assert english is not None and spanish is not None and english.data != spanish.data
    answer = tmp_path / 'es.wav'
    answer.write_bytes(spanish.data)
    heard = await providers.stt.transcribe(answer, language='es')
    text = heard.text.lower()
    assert 'índice' in text or 'base de' in text, text

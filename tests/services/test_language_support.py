"""The job form's account of each language follows what is installed and configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from app.providers.tts.espeak import espeak_path
from app.services.language_support import all_language_support, language_support


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, **values)


def test_english_runs_fully_offline(tmp_path: Path) -> None:
    english = language_support('en', settings(tmp_path))
    assert english.offline and not english.beta and english.summary() == 'Runs fully offline.'


@pytest.mark.skipif(espeak_path() is None, reason='espeak-ng is not installed')
@pytest.mark.parametrize('code', ['es', 'de', 'fr'])
def test_spanish_german_french_run_fully_offline(tmp_path: Path, code: str) -> None:
    support = language_support(code, settings(tmp_path))
    assert support.speech_in == 'whisper base (offline)' and support.speech_out == 'espeak-ng (offline)'
    assert support.offline and not support.beta and support.interviewer == 'the offline interviewer'
    assert 'remote LLM' not in support.summary()


@pytest.mark.skipif(espeak_path() is None, reason='espeak-ng is not installed')
def test_hindi_runs_offline_as_beta(tmp_path: Path) -> None:
    hindi = language_support('hi', settings(tmp_path))
    assert hindi.offline and hindi.beta and 'human review advised' in hindi.summary()


@pytest.mark.skipif(espeak_path() is None, reason='espeak-ng is not installed')
def test_tamil_speech_is_offline_but_without_a_remote_llm_it_cannot_run(tmp_path: Path) -> None:
    tamil = language_support('ta', settings(tmp_path))
    assert tamil.speech_in == 'whisper base (offline)' and tamil.speech_out == 'espeak-ng (offline)'
    assert not tamil.usable and 'do not cover Tamil' in tamil.summary()
    with_gemini = language_support('ta', settings(tmp_path, llm_provider='gemini', gemini_api_key='k'))
    assert with_gemini.usable and with_gemini.remote and with_gemini.beta


def test_indic_languages_on_whisper_base_are_beta(tmp_path: Path) -> None:
    hindi = language_support('hi', settings(tmp_path, llm_provider='gemini', gemini_api_key='k'))
    assert hindi.beta and 'human review advised' in hindi.summary()
    with_sarvam = language_support('hi', settings(tmp_path, llm_provider='gemini', gemini_api_key='k',
                                                  stt_provider='sarvam', sarvam_api_key='k'))
    assert not with_sarvam.beta and with_sarvam.speech_in == 'Sarvam (remote)'


def test_a_missing_multilingual_model_is_said_plainly(tmp_path: Path) -> None:
    german = language_support('de', settings(tmp_path, whisper_multilingual_model=str(tmp_path / 'nowhere')))
    assert german.speech_in is None and 'cannot be transcribed' in german.summary()


def test_odia_has_no_offline_transcription(tmp_path: Path) -> None:
    odia = language_support('od', settings(tmp_path))
    assert odia.speech_in is None  # whisper has no Odia; Sarvam does


def test_every_language_is_described(tmp_path: Path) -> None:
    described = all_language_support(settings(tmp_path))
    assert len(described) == 14 and all(s.summary() for s in described)

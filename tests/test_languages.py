"""Every interview language has a browser speech code for reading questions aloud, and a way to speak offline."""

from __future__ import annotations

from app.languages import ESPEAK_VOICE, LANGUAGES, SPEECH_LANG, WHISPER_LANG, primary


def test_every_language_has_a_speech_code() -> None:
    assert set(SPEECH_LANG) == set(LANGUAGES)


def test_every_language_but_english_has_an_espeak_voice_and_whisper_knows_all_but_odia() -> None:
    assert set(ESPEAK_VOICE) == set(LANGUAGES) - {'en'}
    assert set(WHISPER_LANG) == set(LANGUAGES) - {'od'}


def test_primary_strips_the_region() -> None:
    assert primary('es-MX') == 'es' and primary('pt_BR') == 'pt' and primary('HI') == 'hi'

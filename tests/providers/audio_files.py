"""Audio files as browsers send them, made with PyAV for provider tests."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import cast

import av
from av.audio.stream import AudioStream

from app.providers.audio import Pcm


def encode(pcm: Pcm, path: Path, container: str, codec: str, rate: int) -> Path:
    """Re-encode PCM the way a browser's MediaRecorder would hand it to us."""
    resampler = av.AudioResampler(format='fltp', layout='mono', rate=rate)
    source = av.AudioFrame.from_ndarray(pcm.samples.reshape(1, -1), format='s16', layout='mono')
    source.sample_rate = pcm.sample_rate
    fifo = av.AudioFifo()
    for chunk in [*resampler.resample(source), *resampler.resample(None)]:
        chunk.pts = None  # the FIFO hands out frames with fresh, monotonic timestamps
        fifo.write(chunk)
    with av.open(str(path), 'w', format=container) as out:
        stream = cast(AudioStream, out.add_stream(codec, rate=rate))
        stream.layout = 'mono'
        size = stream.codec_context.frame_size or 960
        pts = 0
        while fifo.samples:
            frame = fifo.read(min(size, fifo.samples))
            assert frame is not None
            frame.pts = pts
            frame.time_base = Fraction(1, rate)
            pts += frame.samples
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path

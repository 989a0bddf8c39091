"""Sentence embeddings for the offline scorer: a small interface, one packaged English model, a cache.

`embed(texts)` returns unit-length vectors (rows) so a dot product is the cosine similarity. The model
loads once per process, lazily and thread-safely; callers run it in the bounded local-model pool
(app/providers/local_pool.py), never on the event loop. Another language gets its own embedder behind
the same `SentenceEmbedder` interface (a multilingual model), chosen by `embedder_for(language)`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

import numpy as np

from app.providers.local_pool import LazyModel

CACHE_ITEMS = 8192  # rubric points, synonyms and questions repeat across answers; 8192 × 1.5 KB ≈ 12 MB


class SentenceEmbedder(Protocol):
    name: str
    languages: tuple[str, ...]
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def _load_english() -> SentenceEmbedder:
    from threadpoolctl import threadpool_limits

    from app.providers.embedding.minilm import MiniLMEmbedder

    # One sentence is a few small matrix products: BLAS threads only add synchronisation (measured on
    # 2 busy cores: 20 ms per sentence single-threaded, 280 ms with 2 threads). Parallelism comes from
    # the bounded pool running several answers at once instead.
    threadpool_limits(limits=1, user_api='blas')
    return MiniLMEmbedder()


def _load_multilingual() -> SentenceEmbedder:
    from app.providers.embedding.e5 import E5Embedder

    return E5Embedder()


_multilingual: LazyModel[SentenceEmbedder] = LazyModel(_load_multilingual)
_models: dict[str, LazyModel[SentenceEmbedder]] = {'en': LazyModel(_load_english), 'es': _multilingual,
                                                   'de': _multilingual, 'fr': _multilingual, 'hi': _multilingual}
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


def embedder_for(language: str = 'en') -> SentenceEmbedder:
    """The embedder for `language` (loads on first use; blocking: call it from the local pool)."""
    model = _models.get(language.split('-')[0].lower()) or _models['en']
    return model.get()


def is_loaded(language: str = 'en') -> bool:
    return (_models.get(language) or _models['en']).loaded


def embed(texts: list[str], language: str = 'en') -> np.ndarray:
    """Unit vectors for `texts`, one row each, from the cache where possible. Blocking CPU work."""
    embedder = embedder_for(language)
    rows: list[np.ndarray | None] = []
    missing: list[str] = []
    with _cache_lock:
        for text in texts:
            vector = _cache.get((embedder.name, text))
            if vector is not None:
                _cache.move_to_end((embedder.name, text))
            else:
                missing.append(text)
            rows.append(vector)
    unique = list(dict.fromkeys(missing))
    fresh = dict(zip(unique, embedder.embed(unique), strict=True)) if unique else {}
    with _cache_lock:
        for text, vector in fresh.items():
            _cache[(embedder.name, text)] = vector
        while len(_cache) > CACHE_ITEMS:
            _cache.popitem(last=False)
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.stack([row if row is not None else fresh[text] for row, text in zip(rows, texts, strict=True)])

"""Per-language rescaling of the multilingual model's cosine similarities.

multilingual-e5-small puts almost any two sentences of one language at 0.75–0.85 and paraphrases at about
0.92–0.96, and where that band sits differs by language. Each lexicon ships pairs of unrelated sentences
and pairs of paraphrases written in that language; their mean similarities become 0 and 1 on the scale
the scorer's thresholds use, so one set of thresholds holds for every language.
"""

from __future__ import annotations

import threading

import numpy as np

from app.providers.embedding import embed
from app.providers.llm.offline.intl.lexicon import lexicon

_scales: dict[str, tuple[float, float]] = {}
_lock = threading.Lock()


def _pair_mean(pairs: list[list[str]], language: str) -> float:
    left = embed([a for a, _ in pairs], language)
    right = embed([b for _, b in pairs], language)
    return float(np.mean(np.sum(left * right, axis=1)))


def scale(language: str) -> tuple[float, float]:
    """(unrelated mean, paraphrase mean) for `language`, measured once per process."""
    with _lock:
        known = _scales.get(language)
    if known is not None:
        return known
    pairs = lexicon(language).calibration
    low, high = _pair_mean(pairs['unrelated'], language), _pair_mean(pairs['paraphrase'], language)
    if high - low < 0.02:  # the model cannot tell them apart: scoring would be noise
        raise RuntimeError(f'the embedding model does not separate {language} paraphrases from unrelated '
                           f'sentences ({low:.3f} vs {high:.3f})')
    with _lock:
        _scales[language] = (round(low, 4), round(high, 4))
    return _scales[language]


def calibrate(similarity: np.ndarray, language: str) -> np.ndarray:
    low, high = scale(language)
    return np.round((similarity - low) / (high - low), 3)

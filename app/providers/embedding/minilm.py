"""all-MiniLM-L6-v2 in numpy: BERT encoder, mean pooling, L2 normalisation. No torch.

The forward pass is the one sentence-transformers runs (BertModel → mean over tokens → normalize),
written out so the model needs only `tokenizers`, `safetensors` and numpy. Measured against
sentence-transformers with torch 2.13 (CPU) on the same files: max abs difference per embedding
component below 1e-6 (bench/scoring.py reports load time and speed; the README has the figures).

Each text is encoded on its own (batch of one, no padding), so a text's embedding never depends on
which other texts were encoded with it: scoring stays bit-for-bit deterministic.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from app.providers.embedding.model_files import load_manifest, verified_directory

MODEL_NAME = 'all-MiniLM-L6-v2'
Array = np.ndarray


def _erf(x: Array) -> Array:
    """Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf, and BERT's GELU is the exact one."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)


def _gelu(x: Array) -> Array:
    return (0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + eps) * weight + bias).astype(np.float32)


class _Layer:
    """One transformer block; Linear weights are stored transposed ([in, out]) and Q, K, V fused."""

    def __init__(self, w: dict[str, Array], prefix: str) -> None:
        def linear(name: str) -> tuple[Array, Array]:
            return np.ascontiguousarray(w[f'{prefix}.{name}.weight'].T), w[f'{prefix}.{name}.bias']

        q, k, v = (linear(f'attention.self.{n}') for n in ('query', 'key', 'value'))
        self.qkv = np.ascontiguousarray(np.concatenate([q[0], k[0], v[0]], axis=1))
        self.qkv_bias = np.concatenate([q[1], k[1], v[1]])
        self.attn_out, self.attn_out_bias = linear('attention.output.dense')
        norm = f'{prefix}.attention.output.LayerNorm'
        self.attn_norm = (w[f'{norm}.weight'], w[f'{norm}.bias'])
        self.up, self.up_bias = linear('intermediate.dense')
        self.down, self.down_bias = linear('output.dense')
        self.out_norm = (w[f'{prefix}.output.LayerNorm.weight'], w[f'{prefix}.output.LayerNorm.bias'])


class MiniLMEmbedder:
    """Sentence embeddings (384 floats, unit length) from the packaged all-MiniLM-L6-v2 files."""

    name = MODEL_NAME
    languages: tuple[str, ...] = ('en',)

    def __init__(self, directory: Path | None = None) -> None:
        manifest = load_manifest(MODEL_NAME)
        root = verified_directory(manifest, directory)  # sha256 of every file, or a clear error
        config = json.loads((root / 'config.json').read_text(encoding='utf-8'))
        self.max_tokens = json.loads((root / 'sentence_bert_config.json').read_text(encoding='utf-8'))['max_seq_length']
        self.heads = config['num_attention_heads']
        self.eps = config['layer_norm_eps']
        self.dimension = config['hidden_size']
        self.tokenizer = Tokenizer.from_file(str(root / 'tokenizer.json'))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_tokens)
        w = load_file(str(root / 'model.safetensors'))
        self.word = w['embeddings.word_embeddings.weight']
        self.position = w['embeddings.position_embeddings.weight']
        self.token_type = w['embeddings.token_type_embeddings.weight']
        self.embed_norm = (w['embeddings.LayerNorm.weight'], w['embeddings.LayerNorm.bias'])
        self.layers = [_Layer(w, f'encoder.layer.{i}') for i in range(config['num_hidden_layers'])]

    def tokens(self, text: str) -> list[int]:
        ids: list[int] = self.tokenizer.encode(text).ids
        return ids

    def embed_one(self, text: str) -> Array:
        ids = np.asarray(self.tokens(text), dtype=np.int64)
        n = len(ids)
        x = self.word[ids] + self.position[:n] + self.token_type[0]
        x = _layer_norm(x, *self.embed_norm, self.eps)
        size = self.dimension // self.heads
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self.layers:
            qkv = x @ layer.qkv + layer.qkv_bias  # [n, 3 * hidden]
            q, k, v = (qkv[:, i * self.dimension:(i + 1) * self.dimension]
                       .reshape(n, self.heads, size).transpose(1, 0, 2) for i in range(3))
            scores = (q @ k.transpose(0, 2, 1)) * scale  # [heads, n, n]
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, self.dimension)
            x = _layer_norm(context @ layer.attn_out + layer.attn_out_bias + x, *layer.attn_norm, self.eps)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(hidden @ layer.down + layer.down_bias + x, *layer.out_norm, self.eps)
        pooled = x.mean(axis=0)  # mean pooling: every token is real, there is no padding
        result: Array = (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)
        return result

    def embed(self, texts: list[str]) -> Array:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self.embed_one(text) for text in texts])

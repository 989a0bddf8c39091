"""The packaged sentence-embedding model: verified files, clear errors when they are wrong, sane vectors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from app.providers.embedding import embed, embedder_for
from app.providers.embedding.minilm import MODEL_NAME, MiniLMEmbedder
from app.providers.embedding.model_files import ModelFilesError, load_manifest, problems, unpack_wheel
from app.providers.llm.offline.provider import OfflineLLM

MANIFEST = load_manifest(MODEL_NAME)


def _copy_of_model(target: Path) -> Path:
    """The model directory with every file linked, so a test can replace one without copying 90 MB."""
    for relative in MANIFEST.files:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).symlink_to(MANIFEST.directory / relative)
    return target


def test_installed_model_files_match_the_manifest() -> None:
    assert problems(MANIFEST, MANIFEST.directory) == []
    assert MANIFEST.files['model.safetensors']['sha256'] == (
        '53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db')  # upstream's file, byte for byte
    assert OfflineLLM().problem() is None


def test_a_corrupted_file_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    model = _copy_of_model(tmp_path)
    original = (MANIFEST.directory / 'tokenizer.json').read_bytes()
    (model / 'tokenizer.json').unlink()
    (model / 'tokenizer.json').write_bytes(original[:-2] + b'  ')  # same size, different content
    with pytest.raises(ModelFilesError) as caught:
        MiniLMEmbedder(model)
    message = str(caught.value)
    assert 'tokenizer.json has sha256' in message and MANIFEST.files['tokenizer.json']['sha256'] in message
    assert 'pip install -e .' in message


def test_missing_or_truncated_files_are_named(tmp_path: Path) -> None:
    model = _copy_of_model(tmp_path)
    (model / 'config.json').unlink()
    (model / '1_Pooling' / 'config.json').unlink()
    (model / '1_Pooling' / 'config.json').write_text('{}')
    found = problems(MANIFEST, model)
    assert 'config.json is missing' in found
    assert any(p.startswith('1_Pooling/config.json has 2 bytes') for p in found)
    with pytest.raises(ModelFilesError, match=r'config\.json is missing'):
        MiniLMEmbedder(model)


def test_a_wheel_with_the_wrong_hash_is_not_unpacked(tmp_path: Path) -> None:
    wheel = tmp_path / MANIFEST.source['wheel']
    with zipfile.ZipFile(wheel, 'w') as archive:
        archive.writestr(MANIFEST.source['prefix'] + 'config.json', '{}')
    with pytest.raises(ModelFilesError, match='expected ' + MANIFEST.source['wheel_sha256']):
        unpack_wheel(MANIFEST, wheel, tmp_path / 'model')
    assert not (tmp_path / 'model').exists()


def test_health_names_a_missing_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import app.providers.embedding.model_files as model_files

    (tmp_path / f'{MODEL_NAME}.json').write_text((MANIFEST.directory.parent / f'{MODEL_NAME}.json').read_text())
    monkeypatch.setattr(model_files, 'MODELS_DIR', tmp_path)  # a checkout whose install step never ran
    problem = OfflineLLM().problem()
    assert problem is not None and 'model.safetensors is missing' in problem and 'pip install -e .' in problem


def test_embeddings_are_unit_vectors_that_follow_meaning() -> None:
    texts = ['The pod is taken out of the Service endpoints while its readiness probe fails.',
             'Readiness decides whether a pod receives traffic.',
             'I bake sourdough bread every weekend.', '']
    vectors = embed(texts)
    assert vectors.shape == (4, embedder_for().dimension) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.5 > vectors[0] @ vectors[2] + 0.3


def test_an_embedding_does_not_depend_on_what_else_is_embedded_or_cached() -> None:
    sentence = 'Each partition is assigned to exactly one consumer in the group.'
    alone = embedder_for().embed([sentence])[0]
    mixed = embedder_for().embed(['Short.', sentence, 'A much longer sentence ' * 20])[1]
    assert np.array_equal(alone, mixed)
    assert np.array_equal(embed([sentence, sentence])[1], alone)

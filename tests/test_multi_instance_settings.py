"""Multi-instance mode (REDIS_URL set): one SECRET_KEY and one MEDIA_DIR for all instances, or no start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import Settings

ROOT = Path(__file__).resolve().parent.parent
KEY = 'k' * 48


def test_one_instance_needs_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    settings.check_multi_instance()
    assert settings.media_root == (tmp_path / 'media').resolve()
    assert settings.tts_cache_dir == tmp_path / 'tts_cache'


@pytest.mark.parametrize(('values', 'message'), [
    ({}, 'SECRET_KEY must be set'),
    ({'secret_key': 'short'}, 'at least 32 characters'),
    ({'secret_key': KEY}, 'MEDIA_DIR must name a directory every instance shares'),
])
def test_several_instances_refuse_what_would_split_them(tmp_path: Path, values: dict[str, str], message: str) -> None:
    settings = Settings(data_dir=tmp_path, redis_url='redis://127.0.0.1:6379/0', _env_file=None, **values)
    with pytest.raises(ValueError, match=message):
        settings.check_multi_instance()


def test_shared_media_dir_holds_files_and_spoken_questions(tmp_path: Path) -> None:
    shared = tmp_path / 'shared'
    settings = Settings(data_dir=tmp_path / 'a', redis_url='redis://x', secret_key=KEY, media_dir=shared,
                        _env_file=None)
    settings.check_multi_instance()
    assert settings.media_root == shared.resolve()
    assert settings.tts_cache_dir == shared / 'tts_cache'  # a deletion on any instance forgets every copy


def test_the_server_says_why_it_does_not_start(tmp_path: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith('PYTEST_')},
           'DATA_DIR': str(tmp_path), 'REDIS_URL': 'redis://127.0.0.1:6379/0', 'SECRET_KEY': '', 'PORT': '0'}
    result = subprocess.run([sys.executable, 'main.py'], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert 'panelist: REDIS_URL is set (several instances), so SECRET_KEY must be set too' in result.stderr
    assert 'Traceback' not in result.stderr
    assert not (tmp_path / 'panelist.db').exists()  # refused before touching anything

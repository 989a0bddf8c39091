"""Files Panelist keeps under MEDIA_DIR (default data_dir/media): resumes, question and answer audio, video.

Stored names are generated here (`<kind>/<random>.<ext>`), never taken from an upload, and every
name is checked before it becomes a path, so a stored value can't point outside the media root.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from app.config import get_settings

KINDS = frozenset({'resumes', 'questions', 'answers', 'videos'})
_NAME = re.compile(r'^(?P<kind>[a-z]+)/[A-Za-z0-9_-]{16,64}\.[a-z0-9]{1,5}$')
# The audio formats answers are accepted in (what browsers record), by base MIME type. One table for
# intake, storage names and the speech-to-text upload, so they cannot drift apart.
AUDIO_EXTENSIONS = {'audio/webm': 'webm', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a', 'audio/mpeg': 'mp3',
                    'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav', 'video/webm': 'webm'}


def base_mime(mime: str) -> str:
    """The type without parameters, lower case: 'audio/webm;codecs=opus' → 'audio/webm'."""
    return mime.split(';', 1)[0].strip().lower()


def audio_extension(mime: str) -> str | None:
    """The file extension for an accepted audio format, None for any other."""
    return AUDIO_EXTENSIONS.get(base_mime(mime))


def media_root() -> Path:
    """MEDIA_DIR (shared by every instance in a cluster), else data_dir/media."""
    return get_settings().media_root


def new_name(kind: str, extension: str) -> str:
    if kind not in KINDS:
        raise ValueError(f'unknown media kind {kind!r}')
    ext = extension.lower().lstrip('.')
    if not re.fullmatch(r'[a-z0-9]{1,5}', ext):
        raise ValueError(f'bad media extension {extension!r}')
    return f'{kind}/{secrets.token_urlsafe(24)}.{ext}'


def path_of(name: str) -> Path:
    match = _NAME.fullmatch(name)
    if match is None or match['kind'] not in KINDS:
        raise ValueError(f'not a media name: {name!r}')
    return media_root() / name


def write(name: str, data: bytes, *, durable: bool = True) -> Path:
    """Write atomically: a crash leaves either the whole file or none.

    durable=True also forces the bytes to disk before returning (answers, resumes: what a person
    gave us). Generated audio that can be made again skips that wait.
    """
    path = path_of(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f'.{path.name}.tmp')
    with open(tmp, 'wb') as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path


def append(name: str, data: bytes) -> int:
    """Append a chunk (interview video); returns the new size."""
    path = path_of(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, 'ab') as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        return handle.tell()


def delete(name: str | None) -> None:
    if not name:
        return
    with contextlib.suppress(FileNotFoundError, ValueError):
        path_of(name).unlink()


def exists(name: str | None) -> bool:
    if not name:
        return False
    try:
        return path_of(name).is_file()
    except ValueError:
        return False

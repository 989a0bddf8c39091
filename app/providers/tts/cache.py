"""Synthesized speech cached by (voice, language, text): in memory (LRU) and on disk.

Interview questions repeat across candidates (bank questions, greetings), so a cache hit skips a
synthesis run entirely; the disk copy survives restarts. A question can name a candidate's own
projects, so the text's hash is the file name (`<voice>/<language>/<sha256 of text>.wav`): deleting
a candidate finds and forgets every spoken copy of their questions (forget_spoken).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import tempfile
import threading
import weakref
from collections import OrderedDict
from pathlib import Path


def cache_key(voice: str, language: str, text: str) -> str:
    voice_part = hashlib.sha256(voice.encode()).hexdigest()[:16]
    language_part = re.sub(r'[^A-Za-z0-9-]', '_', language)[:16] or '_'
    return f'{voice_part}/{language_part}/{text_hash(text)}'


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def forget_spoken(directory: Path, texts: list[str]) -> int:
    """Drop every cached recording of these texts, on disk and in this process's memory caches."""
    hashes = {text_hash(text) for text in texts}
    for cache in list(_caches):
        cache.forget(hashes)
    removed = 0
    for digest in hashes:
        for path in directory.glob(f'*/*/{digest}.wav'):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
    return removed


_caches: weakref.WeakSet[AudioCache] = weakref.WeakSet()


class AudioCache:
    def __init__(self, directory: Path | None, memory_items: int = 128) -> None:
        self._dir = directory
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._memory_items = memory_items
        self._lock = threading.Lock()
        _caches.add(self)

    def forget(self, text_hashes: set[str]) -> None:
        with self._lock:
            for key in [k for k in self._memory if k.rsplit('/', 1)[-1] in text_hashes]:
                del self._memory[key]

    def get(self, key: str) -> bytes | None:
        with self._lock:
            data = self._memory.get(key)
            if data is not None:
                self._memory.move_to_end(key)
                return data
        if self._dir is None:
            return None
        path = self._dir / f'{key}.wav'
        try:
            data = path.read_bytes()
        except OSError:
            return None
        self._remember(key, data)
        return data

    async def aget(self, key: str) -> bytes | None:
        """get() without touching the disk on the event loop."""
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        return await asyncio.to_thread(self.get, key) if self._dir is not None else None

    async def aput(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self.put, key, data)

    def put(self, key: str, data: bytes) -> None:
        self._remember(key, data)
        if self._dir is None:
            return
        try:
            path = self._dir / f'{key}.wav'
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename: a reader never sees half a file, even with two workers racing.
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix='.part')
            with os.fdopen(fd, 'wb') as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            pass  # the cache is an optimisation; a full disk must not fail the interview

    def _remember(self, key: str, data: bytes) -> None:
        if self._memory_items <= 0:
            return
        with self._lock:
            self._memory[key] = data
            self._memory.move_to_end(key)
            while len(self._memory) > self._memory_items:
                self._memory.popitem(last=False)

"""Synthesized speech cached by a hash of (voice, language, text): in memory (LRU) and on disk.

Interview questions repeat across candidates (bank questions, greetings), so a cache hit skips a
synthesis run entirely; the disk copy survives restarts.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path


def cache_key(voice: str, language: str, text: str) -> str:
    return hashlib.sha256(f'{voice}\x00{language}\x00{text}'.encode()).hexdigest()


class AudioCache:
    def __init__(self, directory: Path | None, memory_items: int = 128) -> None:
        self._dir = directory
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._memory_items = memory_items
        self._lock = threading.Lock()

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
            self._dir.mkdir(parents=True, exist_ok=True)
            # Write then rename: a reader never sees half a file, even with two workers racing.
            fd, tmp = tempfile.mkstemp(dir=self._dir, suffix='.part')
            with os.fdopen(fd, 'wb') as handle:
                handle.write(data)
            os.replace(tmp, self._dir / f'{key}.wav')
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

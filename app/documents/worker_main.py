"""The worker process that reads untrusted documents (started by worker.py, never imported by the app).

It imports the readers once, then caps its own address space and core dumps and serves tasks from
stdin, one at a time, answering on what was stdout (everything else printed goes to /dev/null).
A task is "module:function", called as function(payload: bytes, **params) and answered as JSON.

Frames both ways: a 4-byte big-endian length, then that many bytes. A request frame holds JSON
{"task", "params", "size"} and is followed by `size` payload bytes.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import resource
import struct
import sys
from typing import Any, BinaryIO


def main() -> None:
    memory_limit = int(sys.argv[1])
    reply_stream = os.fdopen(os.dup(1), 'wb')
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # a library that prints must not corrupt the reply channel
    request_stream = os.fdopen(0, 'rb')
    logging.disable(logging.CRITICAL)

    import app.documents.pipeline  # noqa: F401 - warm: the first task should not pay for imports
    from app.skills import taxonomy
    taxonomy()

    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(5)  # reading resumes must not slow down the web server's own work
    _send(reply_stream, {'ready': True})
    while True:
        header = _read_frame(request_stream)
        if header is None:
            return  # the app closed the pipe: it is shutting down or replaced us
        request = json.loads(header)
        payload = request_stream.read(int(request['size']))
        _send(reply_stream, _run(request['task'], payload, request.get('params') or {}))


def _run(task: str, payload: bytes, params: dict[str, Any]) -> dict[str, Any]:
    from app.documents.errors import DocumentRejected

    try:
        module_name, _, function_name = task.partition(':')
        function = getattr(importlib.import_module(module_name), function_name)
        return {'ok': True, 'result': function(payload, **params)}
    except DocumentRejected as exc:
        return {'ok': False, 'rejected': exc.message}
    except MemoryError:
        return {'ok': False, 'error': 'memory'}
    except RecursionError:
        return {'ok': False, 'error': 'recursion'}
    except Exception as exc:  # noqa: BLE001 - report, never die: the app maps this to a clear message
        return {'ok': False, 'error': type(exc).__name__}


def _read_frame(stream: BinaryIO) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack('>I', head)
    return stream.read(size)


def _send(stream: BinaryIO, message: dict[str, Any]) -> None:
    try:
        body = json.dumps(message).encode('utf-8')
    except (TypeError, ValueError):
        body = json.dumps({'ok': False, 'error': 'unserializable'}).encode('utf-8')
    stream.write(struct.pack('>I', len(body)) + body)
    stream.flush()


if __name__ == '__main__':
    main()

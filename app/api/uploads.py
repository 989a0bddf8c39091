"""Reading raw request bodies with a hard size limit, enforced while streaming."""

from __future__ import annotations

from fastapi import Request

from app.errors import PayloadTooLarge


async def read_limited(request: Request, max_bytes: int, what: str) -> bytes:
    declared = request.headers.get('content-length')
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f'The {what} is larger than {max_bytes // (1024 * 1024)} MB.')
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:  # a lying or missing Content-Length is caught here
            raise PayloadTooLarge(f'The {what} is larger than {max_bytes // (1024 * 1024)} MB.')
        chunks.append(chunk)
    return b''.join(chunks)

"""Serving a stored file as a download: an attachment with a name that cannot inject anything."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import FileResponse


def attachment(path: Path, filename: str, media_type: str) -> FileResponse:
    return FileResponse(path, media_type=media_type, headers={
        'Content-Disposition': content_disposition(filename),
        'X-Content-Type-Options': 'nosniff',  # never sniff an uploaded file into HTML
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-store',
    })


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact name in RFC 5987 form."""
    ascii_name = unicodedata.normalize('NFKD', filename).encode('ascii', 'ignore').decode('ascii')
    ascii_name = re.sub(r'[^A-Za-z0-9._ -]', '_', ascii_name).strip(' .') or 'resume'
    return f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(filename, safe="")}'

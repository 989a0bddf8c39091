"""HTTP responses for files and exports, shared by the JSON API (app/api) and the HR browser session's
file routes (pages/files.py): a stored file as a download or inline for a player, the CSV, the JSON
export and the printable report. Names in Content-Disposition cannot inject anything; nothing is
cached outside the browser, and nothing uploaded is ever sniffed into HTML."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import FileResponse, HTMLResponse, Response

from app.services.report_html import CONTENT_SECURITY_POLICY

PRIVATE = {'Cache-Control': 'private, no-store'}
# A stored upload is data: never run as a page, never sniffed into another type.
SANDBOXED = {'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox", **PRIVATE}


def attachment(path: Path, filename: str, media_type: str) -> FileResponse:
    return FileResponse(path, media_type=media_type,
                        headers={'Content-Disposition': content_disposition(filename), **SANDBOXED})


def inline_media(path: Path, media_type: str) -> FileResponse:
    """For the report's players; FileResponse answers the Range requests players make to seek."""
    return FileResponse(path, media_type=media_type, headers=SANDBOXED)


def csv_download(filename: str, text: str) -> Response:
    # With a byte-order mark: spreadsheet programs then read the file as UTF-8.
    return Response(text.encode('utf-8-sig'), media_type='text/csv; charset=utf-8',
                    headers={'Content-Disposition': content_disposition(filename), **PRIVATE})


def json_download(filename: str, body: str | bytes) -> Response:
    return Response(body, media_type='application/json',
                    headers={'Content-Disposition': content_disposition(filename), **PRIVATE})


def printable_page(page: str) -> HTMLResponse:
    """The print-styled report: its CSP allows only its own print button's handler."""
    return HTMLResponse(page, headers={'Content-Security-Policy': CONTENT_SECURITY_POLICY,
                                       'X-Content-Type-Options': 'nosniff', **PRIVATE})


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact name in RFC 5987 form."""
    ascii_name = unicodedata.normalize('NFKD', filename).encode('ascii', 'ignore').decode('ascii')
    ascii_name = re.sub(r'[^A-Za-z0-9._ -]', '_', ascii_name).strip(' .') or 'resume'
    return f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(filename, safe="")}'

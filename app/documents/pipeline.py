"""Everything done with an uploaded resume's bytes: read, parse, flag. Runs inside a worker process
(see worker.py) because it parses untrusted files; the result is plain JSON-able data."""

from __future__ import annotations

from typing import Any

from app.documents.docx_reader import read_docx
from app.documents.errors import DocumentRejected
from app.documents.flags import build_flags, flag
from app.documents.pdf_reader import read_pdf
from app.documents.raw import HIDDEN_HEADING, RawDocument
from app.documents.resume_parser import parse_resume
from app.documents.text_reader import read_text

MAX_TEXT_CHARS = 200_000
MIN_LETTERS = 30


def analyze_resume(data: bytes, kind: str) -> dict[str, Any]:
    raw = _read(kind, data)
    letters = sum(1 for ch in raw.text if ch.isalpha())
    if letters < MIN_LETTERS:
        if kind == 'pdf':
            raise DocumentRejected(
                'This PDF has no text we can read: it looks like a scanned image. Upload the PDF exported from '
                'your editor (File → Save as PDF), a DOCX or a TXT.')
        raise DocumentRejected('We could not find any text in this file. Is it the right file?')
    text = raw.text
    truncated = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    parsed = parse_resume(text, raw.links)
    flags = build_flags(raw, parsed.skills)
    if truncated:
        flags.append(flag('truncated', f'Very long resume: only the first {MAX_TEXT_CHARS:,} characters were kept.',
                          []))
    if raw.hidden:
        # Kept as data for HR to read, marked so nobody mistakes it for what the candidate showed.
        hidden = '\n'.join(f'- {p.text}' for p in raw.hidden)[:MAX_TEXT_CHARS // 4]
        text = f'{text}\n\n{HIDDEN_HEADING}\n{hidden}'
    return {
        'kind': kind, 'text': text, 'parsed': parsed.model_dump(), 'flags': flags, 'pages': raw.pages,
    }


def _read(kind: str, data: bytes) -> RawDocument:
    if kind == 'pdf':
        return read_pdf(data)
    if kind == 'docx':
        return read_docx(data)
    if kind == 'txt':
        return read_text(data)
    raise ValueError(f'unknown document kind {kind!r}')

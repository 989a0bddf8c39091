"""Plain-text resumes: decode the bytes (UTF-8, UTF-16 with a BOM, or Windows-1252) into text."""

from __future__ import annotations

import codecs

from app.documents.errors import DocumentRejected
from app.documents.raw import RawDocument

NOT_TEXT = 'This file is not readable text. Upload your resume as PDF, DOCX or a UTF-8 text file.'


def read_text(data: bytes) -> RawDocument:
    return RawDocument(text=decode_text(data))


def decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[3:], 'utf-8')
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, 'utf-16')
    elif b'\x00' in data:
        raise DocumentRejected(NOT_TEXT)  # binary data, or UTF-16 without a BOM
    else:
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError:
            text = _decode(data, 'cp1252')  # older Windows editors
    text = text.replace('\r\n', '\n').replace('\r', '\n')
    printable = sum(1 for ch in text if ch.isprintable() or ch in '\n\t')
    if text and printable / len(text) < 0.95:
        raise DocumentRejected(NOT_TEXT)
    return ''.join(ch for ch in text if ch.isprintable() or ch in '\n\t')


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise DocumentRejected(NOT_TEXT) from None

"""What kind of file an upload really is (by its first bytes, not its name), and a safe display name.

The type decides everything downstream, so it comes from the content; the extension only has to
agree with it. Names of refused types are spelled out so the candidate knows what to do instead.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from app.documents.errors import DocumentRejected

Kind = Literal['pdf', 'docx', 'txt']

MIME_TYPES: dict[str, str] = {
    'pdf': 'application/pdf',
    'docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'txt': 'text/plain',
}
EXTENSIONS: dict[str, Kind] = {'pdf': 'pdf', 'docx': 'docx', 'txt': 'txt', 'text': 'txt'}
LABELS: dict[str, str] = {'pdf': 'PDF', 'docx': 'Word document (.docx)', 'txt': 'plain-text file'}
MAX_DISPLAY_NAME = 120
ACCEPTED = 'Upload your resume as a PDF, a Word document (.docx) or a plain-text file (.txt).'

# Signatures of things people (or attackers) upload instead of a resume, for a message that says what it is.
_FOREIGN: list[tuple[bytes, str]] = [
    (b'MZ', 'a Windows program'),
    (b'\x7fELF', 'a program'),
    (b'\xca\xfe\xba\xbe', 'a program'),
    (b'\xcf\xfa\xed\xfe', 'a program'),
    (b'#!', 'a script'),
    (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', 'an old-style Word file (.doc)'),
    (b'{\\rtf', 'an RTF file'),
    (b'\x89PNG', 'an image'),
    (b'\xff\xd8\xff', 'an image'),
    (b'GIF8', 'an image'),
    (b'Rar!', 'an archive'),
    (b'7z\xbc\xaf', 'an archive'),
    (b'\x1f\x8b', 'an archive'),
]
_HTML = re.compile(rb'^\s*(<!doctype\s+html|<html|<head|<body|<script|<\?xml|<svg)', re.IGNORECASE)


def detect_kind(data: bytes, filename: str | None) -> Kind:
    """The document kind, or DocumentRejected with a message a candidate can act on."""
    if not data:
        raise DocumentRejected('The file is empty (0 bytes). ' + ACCEPTED)
    ext = extension_of(filename)
    if ext is not None and ext not in EXTENSIONS:
        raise DocumentRejected(f'Files ending in .{ext} are not accepted. {ACCEPTED}')
    content = _kind_by_content(data)
    if content not in MIME_TYPES:
        expected = LABELS[EXTENSIONS[ext]] if ext else 'resume document'
        raise DocumentRejected(f'This file is {content}, not a {expected}. {ACCEPTED}')
    kind: Kind = content  # type: ignore[assignment]
    if ext is not None and EXTENSIONS[ext] != kind:
        raise DocumentRejected(
            f'The file is named .{ext} but its content is a {LABELS[kind]}, not a {LABELS[EXTENSIONS[ext]]}. '
            f'Rename it to .{"txt" if kind == "txt" else kind} or upload the right file.')
    return kind


def _kind_by_content(data: bytes) -> str:
    head = data[:1024]
    # PDF readers accept a few bytes of junk before the header; so do we, within the first kilobyte.
    if b'%PDF-' in head:
        return 'pdf'
    if head.startswith(b'PK\x03\x04'):
        return 'docx'  # whether it really is a Word document is checked when the zip is opened
    if head.startswith((b'PK\x05\x06', b'PK\x07\x08')):
        return 'an empty or split archive'
    for signature, what in _FOREIGN:
        if head.startswith(signature):
            return what
    if _HTML.match(head.lstrip(b'\xef\xbb\xbf')):
        return 'a web page (HTML/XML)'
    return 'txt'


def extension_of(filename: str | None) -> str | None:
    name = display_name(filename)
    if '.' not in name.strip('.'):
        return None
    return name.rsplit('.', 1)[1].lower() or None


def display_name(filename: str | None, fallback: str = '') -> str:
    """The uploaded name made safe to show and to offer back as a download name.

    Drops any directory part (both slash kinds), NUL and other control characters, and caps the
    length while keeping the extension. It is never used as a path: files are stored under a
    generated name.
    """
    name = unicodedata.normalize('NFC', filename or '')
    # Browsers (and httpx) escape these three in multipart filenames; the rest arrives as typed.
    name = re.sub(r'%(22|0D|0A)', lambda m: chr(int(m[1], 16)), name, flags=re.IGNORECASE)
    name = ''.join(ch for ch in name if unicodedata.category(ch) not in ('Cc', 'Cf', 'Cs', 'Co', 'Zl', 'Zp'))
    name = re.split(r'[/\\]', name)[-1]
    name = ' '.join(name.split()).strip(' .')
    if len(name) > MAX_DISPLAY_NAME:
        stem, dot, ext = name.rpartition('.')
        if dot and 0 < len(ext) <= 8:
            name = stem[:MAX_DISPLAY_NAME - len(ext) - 2].rstrip(' .') + '….' + ext
        else:
            name = name[:MAX_DISPLAY_NAME - 1] + '…'
    return name or fallback

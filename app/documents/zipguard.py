"""Check a DOCX (a zip of XML parts) before any XML parser sees it.

A hostile DOCX can be a zip bomb (a few KB that declare gigabytes), carry entry names that climb
out of a directory (`../`), or hold XML with a DTD whose entities expand exponentially ("billion
laughs"). Word never writes any of these, so each is refused outright rather than tolerated.
zipfile never returns more bytes than an entry declares (and fails on a CRC mismatch), so the
declared sizes checked here bound what python-docx can later read into memory.
"""

from __future__ import annotations

import io
import re
import zipfile

from app.documents.errors import DocumentRejected

MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 40 * 1024 * 1024
MAX_XML_PART = 8 * 1024 * 1024
MAX_RATIO = 120  # well-compressed XML reaches 10–30×; bombs reach thousands
RATIO_CHECK_FROM = 1024 * 1024  # small parts may compress very well without being a problem
_DTD = re.compile(rb'<!\s*(DOCTYPE|ENTITY)', re.IGNORECASE)
_XML_SUFFIXES = ('.xml', '.rels', '.vml')

NOT_DOCX = 'This .docx file'


def open_checked_docx(data: bytes) -> zipfile.ZipFile:
    """The zip, after every check passed; DocumentRejected otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise DocumentRejected(f'{NOT_DOCX} is damaged or is not really a Word document.') from None
    if len(infos) > MAX_ENTRIES:
        raise DocumentRejected(f'{NOT_DOCX} holds {len(infos)} parts (Word writes far fewer), so it was not opened.')
    names: set[str] = set()
    total = 0
    for info in infos:
        _check_name(info.filename)
        if info.filename in names:
            raise DocumentRejected(f'{NOT_DOCX} lists the same part twice, so it was not opened.')
        names.add(info.filename)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_TOTAL_UNCOMPRESSED or (info.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO):
            raise DocumentRejected(
                f'{NOT_DOCX} would expand to far more than its size (a "zip bomb"), so it was not opened.')
        if info.flag_bits & 0x1:
            raise DocumentRejected('This Word document is password-protected. Remove the password and upload it again.')
    if 'word/document.xml' not in names or '[Content_Types].xml' not in names:
        if 'EncryptedPackage' in names:
            raise DocumentRejected('This Word document is password-protected. Remove the password and upload it again.')
        raise DocumentRejected('This file is a zip archive, not a Word document (.docx).')
    for info in infos:
        if info.filename.lower().endswith(_XML_SUFFIXES):
            _check_xml_part(archive, info)
    return archive


def _check_name(name: str) -> None:
    parts = name.replace('\\', '/').split('/')
    unsafe = (
        not name or '\x00' in name or '\\' in name or name.startswith('/')
        or re.match(r'^[A-Za-z]:', name) is not None or any(part in ('..', '.') for part in parts)
        or len(name) > 400
    )
    if unsafe:
        raise DocumentRejected(f'{NOT_DOCX} contains unsafe part names (such as "../"), so it was not opened.')


def _check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_XML_PART:
        raise DocumentRejected(f'{NOT_DOCX} has an unreasonably large part, so it was not opened.')
    tail = b''
    first = True
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(256 * 1024):
                if first and (chunk.startswith((b'\xff\xfe', b'\xfe\xff')) or b'\x00' in chunk[:200]):
                    # Word writes UTF-8; another encoding would also hide a DTD from the search below.
                    raise DocumentRejected(f'{NOT_DOCX} uses an XML encoding Word never writes, so it was not opened.')
                first = False
                # Markup is never escaped, text always is: a literal "<!ENTITY" can only be a declaration.
                if _DTD.search(tail + chunk):
                    raise DocumentRejected(
                        f'{NOT_DOCX} contains XML entity declarations, which Word never writes and which '
                        'can be used to attack the reader, so it was not opened.')
                tail = chunk[-16:]
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, RuntimeError):
        raise DocumentRejected(f'{NOT_DOCX} is damaged.') from None

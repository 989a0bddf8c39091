"""Text of a PDF with pypdf, page by page, with text a reader would not see kept apart."""

from __future__ import annotations

import io
import logging
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from app.documents.errors import DocumentRejected
from app.documents.pdf_visibility import PageVisibility
from app.documents.raw import RawDocument

MAX_PAGES = 40
DAMAGED = 'This PDF is damaged and cannot be read. Export it again from your editor, or upload a DOCX or TXT.'
_METADATA_KEYS = {'/Title': 'title', '/Subject': 'subject', '/Keywords': 'keywords'}

logging.getLogger('pypdf').setLevel(logging.ERROR)  # broken files log warnings per object


def read_pdf(data: bytes) -> RawDocument:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _unlock(reader)
        page_count = len(reader.pages)
    except DocumentRejected:
        raise
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files
        raise DocumentRejected(DAMAGED) from None
    if page_count == 0:
        raise DocumentRejected('This PDF has no pages.')
    if page_count > MAX_PAGES:
        raise DocumentRejected(f'This PDF has {page_count} pages; a resume should have at most {MAX_PAGES}.')
    raw = RawDocument(text='', pages=page_count)
    page_texts: list[str] = []
    readable_pages = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            page_texts.append(_read_page(page, number, raw))
            readable_pages += 1
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - one broken page should not lose the others
            page_texts.append('')
    if readable_pages == 0:
        raise DocumentRejected(DAMAGED)
    raw.text = '\n\n'.join(text.strip() for text in page_texts if text.strip())
    raw.metadata = _metadata(reader)
    return raw


def _unlock(reader: PdfReader) -> None:
    if not reader.is_encrypted:
        return
    # Many PDFs are "encrypted" only to restrict printing, with an empty password to open them.
    try:
        result = reader.decrypt('')
    except (FileNotDecryptedError, NotImplementedError, PdfReadError):
        result = PasswordType.NOT_DECRYPTED
    if result == PasswordType.NOT_DECRYPTED:
        raise DocumentRejected('This PDF is password-protected. Remove the password and upload it again.')


def _read_page(page: Any, number: int, raw: RawDocument) -> str:
    box = page.cropbox
    visibility = PageVisibility((float(box.left), float(box.bottom), float(box.right), float(box.top)))
    page.extract_text(visitor_operand_before=visibility.before, visitor_operand_after=visibility.after,
                      visitor_text=visibility.text)
    visible: list[str] = []
    for text, reason in visibility.chunks:
        if reason is None:
            visible.append(text)
        else:
            raw.add_hidden(reason, text, number)
            visible.append('\n' if text.endswith('\n') else ' ')
    raw.links += _link_targets(page)
    return ''.join(visible)


def _link_targets(page: Any) -> list[str]:
    links: list[str] = []
    try:
        annotations = page.get('/Annots') or []
        for ref in annotations[:500]:
            annotation = ref.get_object()
            action = annotation.get('/A')
            action = action.get_object() if action is not None else None
            if action is not None and action.get('/S') == '/URI' and action.get('/URI'):
                links.append(str(action['/URI']))
    except Exception:  # noqa: BLE001, S110 - broken annotations only cost us the links
        pass
    return links


def _metadata(reader: PdfReader) -> dict[str, str]:
    try:
        info: Any = reader.metadata or {}
        values = {name: info.get(key) for key, name in _METADATA_KEYS.items()}
        custom = {str(key).lstrip('/'): info.get(key) for key in info if key not in _METADATA_KEYS
                  and key not in ('/Producer', '/Creator', '/CreationDate', '/ModDate', '/Author', '/Trapped')}
        values.update(custom)
    except Exception:  # noqa: BLE001 - unreadable metadata is simply absent
        return {}
    return {key: ' '.join(str(value).split())[:5000] for key, value in values.items() if value and str(value).strip()}

"""Text of a PDF with pypdf, page by page, with text a reader would not see kept apart."""

from __future__ import annotations

import io
import logging
import re
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
    raw.active_content = _active_content(reader, data)
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


# Action types that run something or send something (GoTo/URI just move the view or open a link).
_ACTIVE_ACTIONS = {'/JavaScript': 'JavaScript', '/Launch': 'launches a program', '/SubmitForm': 'submits a form',
                   '/ImportData': 'imports data', '/Rendition': 'plays media with a script'}
# A JavaScript name in the raw bytes: catches scripts in structures the walk below does not visit.
_RAW_SCRIPT = re.compile(rb'/(?:JavaScript|JS)[\s/<(\[]')


def _active_content(reader: PdfReader, data: bytes) -> list[str]:
    """What the PDF would run in a viewer: /OpenAction, additional actions, document and link scripts."""
    found: list[str] = []
    try:
        root: Any = reader.trailer['/Root'].get_object()
        open_action = root.get('/OpenAction')
        action = open_action.get_object() if open_action is not None else None
        if isinstance(action, dict) and action.get('/S') != '/GoTo':
            found.append(f'/OpenAction: opening the file {_describe(action)}')
        if root.get('/AA') is not None:
            found.append('/AA: the document runs actions on events (open, close, save, print)')
        names = root.get('/Names')
        if names is not None and names.get_object().get('/JavaScript') is not None:
            found.append('Document-level JavaScript')
        for number, page in enumerate(reader.pages, start=1):
            if page.get('/AA') is not None:
                found.append(f'p. {number}: the page runs actions when it is shown')
            for ref in (page.get('/Annots') or [])[:500]:
                annotation = ref.get_object()
                link_action = annotation.get('/A')
                link_action = link_action.get_object() if link_action is not None else None
                if isinstance(link_action, dict) and link_action.get('/S') in _ACTIVE_ACTIONS:
                    found.append(f'p. {number}: a link that {_describe(link_action)}')
                if annotation.get('/AA') is not None:
                    found.append(f'p. {number}: a form field or annotation with actions')
    except Exception:  # noqa: BLE001, S110 - a broken structure still gets the raw scan below
        pass
    if not any('JavaScript' in item for item in found) and _RAW_SCRIPT.search(data):
        found.append('JavaScript')
    return list(dict.fromkeys(found))


def _describe(action: Any) -> str:
    kind = str(action.get('/S', ''))
    if kind in _ACTIVE_ACTIONS and kind != '/JavaScript':
        return _ACTIVE_ACTIONS[kind]
    return 'runs JavaScript' if kind == '/JavaScript' else f'runs a {kind.lstrip("/") or "unknown"} action'

"""Text of a Word document: body paragraphs, tables (nested too), content controls, text boxes,
headers and footers, in reading order.

Runs a reader would not see (hidden formatting, white text, near-invisible font sizes) are kept
apart as hidden passages. The zip is checked by zipguard before python-docx parses any XML, and
python-docx's parser does not resolve entities.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from app.documents.errors import DocumentRejected
from app.documents.raw import HiddenReason, RawDocument
from app.documents.zipguard import NOT_DOCX, open_checked_docx

TINY = Pt(2)
_MC = '{http://schemas.openxmlformats.org/markup-compatibility/2006}'
_P, _R = qn('w:p'), qn('w:r')
_TEXT_BOX, _FALLBACK, _DELETED = qn('w:txbxContent'), f'{_MC}Fallback', qn('w:del')
# Containers whose children are read in order: tables, rows, cells, content controls, custom XML.
_CONTAINERS = {qn(f'w:{tag}') for tag in ('tbl', 'tr', 'tc', 'sdt', 'sdtContent', 'customXml', 'ins', 'smartTag')}
_CONTAINERS |= {f'{_MC}AlternateContent', f'{_MC}Choice'}
_HIDDEN_TAGS = (qn('w:vanish'), qn('w:specVanish'), qn('w:webHidden'))


def read_docx(data: bytes) -> RawDocument:
    open_checked_docx(data).close()
    try:
        document: Document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - python-docx raises many kinds of errors on broken files
        raise DocumentRejected(f'{NOT_DOCX} is damaged or is not really a Word document.') from None
    reader = _Reader(document)
    raw = reader.raw
    headers, footers = reader.header_footer_lines()
    body = reader.walk(document.element.body)
    boxes: list[str] = []
    for box in document.element.body.iter(_TEXT_BOX):
        # Word stores each text box twice (DrawingML and a VML fallback); read it once.
        if not any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors()):
            boxes += reader.walk(box)
    raw.text = _join(headers + body + boxes + footers)
    raw.metadata = _properties(document)
    raw.links = [str(rel.target_ref) for rel in document.part.rels.values()
                 if rel.is_external and rel.reltype.endswith('/hyperlink')]
    return raw


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.raw = RawDocument(text='')

    def header_footer_lines(self) -> tuple[list[str], list[str]]:
        headers: list[str] = []
        footers: list[str] = []
        seen: set[str] = set()
        for section in self.document.sections:
            for part, target in ((section.first_page_header, headers), (section.header, headers),
                                 (section.footer, footers), (section.first_page_footer, footers)):
                if part.is_linked_to_previous:
                    continue
                lines = self.walk(part._element)
                key = '\n'.join(lines)
                if key not in seen:  # every section repeats the same header
                    seen.add(key)
                    target += lines
        return headers, footers

    def walk(self, element: Any) -> list[str]:
        lines: list[str] = []
        for child in element.iterchildren():
            if child.tag == _P:
                lines.append(self.paragraph_text(child))
            elif child.tag in _CONTAINERS:
                lines += self.walk(child)
        return lines

    def paragraph_text(self, p: Any) -> str:
        paragraph = Paragraph(p, self.document._body)
        style_reason = _style_reason(paragraph.style)
        visible: list[str] = []
        for r in p.iter(_R):
            if _skipped(r, p):
                continue
            run = Run(r, paragraph)
            text = run.text
            if not text:
                continue
            reason = _run_reason(run) or style_reason
            if reason:
                self.raw.add_hidden(reason, text)
            else:
                visible.append(text)
        return ''.join(visible).strip()


def _skipped(run: Any, paragraph: Any) -> bool:
    # Deleted revisions are not shown; text boxes are read on their own; fallbacks duplicate content.
    for ancestor in run.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag in (_DELETED, _TEXT_BOX, _FALLBACK):
            return True
    return False


def _run_reason(run: Run) -> HiddenReason | None:
    rpr = run._r.rPr
    if rpr is not None:
        for tag in _HIDDEN_TAGS:
            flag = rpr.find(tag)
            if flag is not None and flag.get(qn('w:val'), 'true').lower() not in ('0', 'false', 'off'):
                return 'hidden'
    return _font_reason(run.font) or _style_reason(run.style)


def _style_reason(style: Any) -> HiddenReason | None:
    depth = 0
    while style is not None and depth < 10:  # a crafted style chain can loop
        reason = _font_reason(style.font)
        if reason:
            return reason
        style = style.base_style
        depth += 1
    return None


def _font_reason(font: Any) -> HiddenReason | None:
    if font.hidden:
        return 'hidden'
    if font.size is not None and font.size < TINY:
        return 'tiny'
    try:
        rgb = font.color.rgb if font.color.type is not None else None
    except (ValueError, AttributeError):
        rgb = None
    if rgb is not None and all(channel >= 0xF2 for channel in rgb):
        return 'white'
    return None


def _join(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue  # collapse runs of empty paragraphs
        out.append(line)
    return '\n'.join(out).strip()


def _properties(document: Document) -> dict[str, str]:
    props = document.core_properties
    values = {
        'title': props.title, 'subject': props.subject, 'keywords': props.keywords,
        'comments': props.comments, 'category': props.category,
    }
    return {key: str(value).strip() for key, value in values.items() if value and str(value).strip()}

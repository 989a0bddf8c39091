"""Resume intake: check an uploaded file, read it in an isolated worker, parse it, flag hidden text.

`analyze_upload(filename, data)` is the one entry point the services use. It is blocking (it waits
for a worker process): call it off the event loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from app.documents.errors import DocumentRejected
from app.documents.filetypes import ACCEPTED, MIME_TYPES, Kind, detect_kind, display_name
from app.documents.worker import TaskRejected, WorkerError, document_pool
from app.errors import Invalid, PayloadTooLarge, Unavailable
from app.schemas import ParsedResume

log = logging.getLogger(__name__)

MAX_RESUME_BYTES = 5 * 1024 * 1024
MAX_RESUME_LABEL = '5 MB'
ACCEPT_EXTENSIONS = '.pdf,.docx,.txt'
TOO_LARGE = (f'The resume is larger than {MAX_RESUME_LABEL}. Upload a smaller file: a PDF exported from your '
             'editor is usually well under 1 MB.')
_WORKER_MESSAGES = {
    'timeout': 'Reading this file took too long, so it was stopped. It may be damaged: export it again, or '
               'upload a DOCX or TXT.',
    'memory': 'Reading this file needed far too much memory, so it was stopped. It may be damaged: export it '
              'again, or upload a DOCX or TXT.',
}
_UNREADABLE = 'This file could not be read. Export it again from your editor, or upload a DOCX or TXT.'

__all__ = ['ACCEPTED', 'ACCEPT_EXTENSIONS', 'MAX_RESUME_BYTES', 'MAX_RESUME_LABEL', 'TOO_LARGE', 'ResumeAnalysis',
           'analyze_upload', 'display_name']


@dataclass(frozen=True)
class ResumeAnalysis:
    kind: Kind
    mime: str
    filename: str  # sanitized display name, never a path
    size: int
    text: str
    parsed: ParsedResume
    flags: list[dict[str, Any]]
    pages: int | None


def analyze_upload(filename: str | None, data: bytes) -> ResumeAnalysis:
    """Validate and read a resume; Invalid / PayloadTooLarge (field 'resume') with a message for the candidate."""
    if len(data) > MAX_RESUME_BYTES:
        raise PayloadTooLarge(TOO_LARGE)
    try:
        kind = detect_kind(data, filename)
        result = document_pool().run('app.documents.pipeline:analyze_resume', data, {'kind': kind})
    except (DocumentRejected, TaskRejected) as exc:
        raise _invalid(exc.message) from None
    except WorkerError as exc:
        if exc.reason in ('busy', 'closed'):
            raise Unavailable('Many resumes are being read right now. Please try again in a minute.') from None
        log.warning('resume could not be read: %s', exc.reason)
        raise _invalid(_WORKER_MESSAGES.get(exc.reason, _UNREADABLE)) from None
    return ResumeAnalysis(
        kind=kind, mime=MIME_TYPES[kind], filename=display_name(filename, f'resume.{kind}'), size=len(data),
        text=str(result['text']), parsed=ParsedResume.model_validate(result['parsed']),
        flags=list(result['flags']), pages=result.get('pages'),
    )


def _invalid(message: str) -> Invalid:
    return Invalid(f'resume: {message}', {'resume': message})

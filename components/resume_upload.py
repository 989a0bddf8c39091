"""The resume upload element of the apply page, with its size limit enforced on the server.

ui.upload's max_file_size only stops the browser; each upload element posts to its own URL, so that
URL is registered with the body-size middleware for as long as the element exists. The page's
handler checks the size once more, in case the middleware is not installed.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.api.body_limit import limit_path, unlimit_path
from app.documents import ACCEPT_EXTENSIONS, MAX_RESUME_BYTES, TOO_LARGE

# Room for the multipart envelope around the file.
_ENVELOPE = 16 * 1024

# Quasar's uploader shows byte/percent progress ("0.0B / 0.00%") and an empty file list once the
# page has taken the file; the page reports the file itself, so both give way to a drop hint.
_CSS = """
.resume-upload .q-uploader__subtitle { display: none; }
.resume-upload .q-uploader__list { min-height: 0; padding: 12px 8px; }
.resume-upload .q-uploader__list:empty::after {
  content: 'Drag the file here, or use the + button'; color: #64748b; font-size: 0.85rem;
}
"""


class ResumeUpload(ui.upload):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(auto_upload=True, max_files=1, max_file_size=MAX_RESUME_BYTES, **kwargs)
        self.props(f'accept="{ACCEPT_EXTENSIONS}" flat bordered color=indigo-1 text-color=indigo-10')
        self.classes('resume-upload')
        ui.add_css(_CSS)
        limit_path(self._registered_url, MAX_RESUME_BYTES + _ENVELOPE, TOO_LARGE)

    def _handle_delete(self) -> None:
        unlimit_path(getattr(self, '_registered_url', ''))
        super()._handle_delete()

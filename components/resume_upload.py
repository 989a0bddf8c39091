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
from app.i18n import ENGLISH, Translator

# Room for the multipart envelope around the file.
_ENVELOPE = 16 * 1024

# Quasar's uploader header (byte/percent progress, icon-only buttons with the file input nested inside
# a button: unnamed for screen readers) gives way to a labelled "Choose a file" button; the page
# reports the file itself, and the empty list becomes a drop hint.
_CSS = """
.resume-upload .q-uploader__header { display: none; }
.resume-upload .q-uploader__list { min-height: 0; padding: 12px 8px; }
.resume-upload .q-uploader__list:empty::after {
  content: var(--drop-hint); color: #475569; font-size: 0.85rem;
}
"""


class ResumeUpload(ui.upload):
    def __init__(self, t: Translator = ENGLISH, **kwargs: Any) -> None:
        super().__init__(auto_upload=True, max_files=1, max_file_size=MAX_RESUME_BYTES, **kwargs)
        self.props(f'accept="{ACCEPT_EXTENSIONS}" flat bordered color=indigo-1 text-color=indigo-10')
        self.classes('resume-upload')
        # The drop hint is CSS content, so it comes in as a custom property (a CSS string, quotes escaped).
        hint = t('Drag your resume here, or use the Choose a file button').replace('\\', '').replace('"', "'")
        self.style(f'--drop-hint: "{hint}"')
        ui.add_css(_CSS)
        limit_path(self._registered_url, MAX_RESUME_BYTES + _ENVELOPE, TOO_LARGE)
        self.pick_button = ui.button(t('Choose a file'), icon='upload_file',
                                     on_click=lambda: self.run_method('pickFiles')) \
            .props('outline no-caps').mark('choose-file')

    def _handle_delete(self) -> None:
        unlimit_path(getattr(self, '_registered_url', ''))
        super()._handle_delete()

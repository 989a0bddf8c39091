"""Accessibility fixes every page shares, installed once by main.py (checked by tests/browser/test_accessibility.py).

- Link colour with enough contrast (NiceGUI's default blue is 3.5:1 on white; WCAG AA needs 4.5:1).
- Quasar renders a few controls without an accessible name: the page-load progress bar, a table's
  row-selection checkboxes, the uploader's file input and icon-only buttons. A small observer names
  them as they appear; icon-only buttons get the name of their icon (see ICON_NAMES), so a button
  reads as "Back" or "Download" to a screen reader. Buttons with their own aria-label keep it.
"""

from __future__ import annotations

import json
from pathlib import Path

from nicegui import ui

ICON_NAMES = {
    'arrow_back': 'Back', 'download': 'Download', 'open_in_new': 'Open in a new tab', 'close': 'Close',
    'delete': 'Delete', 'edit': 'Edit', 'content_copy': 'Copy', 'refresh': 'Refresh', 'add': 'Add',
    'more_vert': 'More actions', 'menu': 'Menu', 'logout': 'Sign out', 'search': 'Search', 'clear': 'Clear',
    'cancel': 'Cancel', 'play_arrow': 'Play', 'pause': 'Pause', 'visibility': 'Show', 'visibility_off': 'Hide',
    'expand_more': 'Expand', 'expand_less': 'Collapse', 'chevron_left': 'Previous', 'chevron_right': 'Next',
    'first_page': 'First page', 'last_page': 'Last page', 'print': 'Print', 'settings': 'Settings',
}

CSS = """
.nicegui-link { color: #1d4ed8; }
.nicegui-link:hover { color: #1e3a8a; }
"""

SCRIPT = Path(__file__).with_name('a11y.js')


def install() -> None:
    ui.add_css(CSS, shared=True)
    code = f'const ICONS = {json.dumps(ICON_NAMES)};\n{SCRIPT.read_text(encoding="utf-8")}'
    ui.add_head_html(f'<script>{{\n{code}\n}}</script>', shared=True)

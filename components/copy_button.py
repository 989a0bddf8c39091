"""A Copy button for a read-only field that says whether the browser really copied.

Browsers refuse the clipboard API on plain http (not a secure context) and may refuse it anyway;
the button then falls back to selecting the text and the legacy copy command, and when that fails
too it leaves the text selected and tells the user to press Ctrl+C — never a false "copied".
"""

from __future__ import annotations

from nicegui import ui
from nicegui.events import GenericEventArguments

FAILED = ('Your browser did not allow copying here (the page is not on https). The link is selected: '
          'press Ctrl+C (⌘C on a Mac) to copy it.')

# Runs in the browser on click; emit() hands {ok} to the Python handler below.
COPY_JS = """async () => {
  const field = getHtmlElement(%d).querySelector('input');
  let ok = false;
  try {
    if (window.isSecureContext && navigator.clipboard) { await navigator.clipboard.writeText(field.value); ok = true; }
  } catch (err) { ok = false; }
  if (!ok) {
    field.focus();
    field.select();
    try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
  }
  emit({ ok });
}"""


def copy_button(field: ui.input, done: str) -> ui.button:
    def copied(e: GenericEventArguments) -> None:
        ok = isinstance(e.args, dict) and bool(e.args.get('ok'))
        ui.notify(done if ok else FAILED, type='positive' if ok else 'warning', timeout=8000 if not ok else 5000)

    return ui.button('Copy', icon='content_copy').props('unelevated') \
        .on('click', copied, js_handler=COPY_JS % field.id)

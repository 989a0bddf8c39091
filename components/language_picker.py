"""The page's language on candidate pages: <html lang>, and the home page's language picker."""

from __future__ import annotations

import json

from nicegui import ui

from app.i18n import NATIVE_NAMES, Translator, translated_languages


def set_page_language(t: Translator) -> None:
    """<html lang> says what the page is in (screen readers pick their voice, the browser its fonts).

    Set while the page loads (first paint) and again once connected: Quasar sets its own language pack's
    code on start-up, which would otherwise win."""
    script = f'document.documentElement.lang = {json.dumps(t.locale)};'  # BCP 47: Odia is 'or'
    ui.add_head_html(f'<script>{script}</script>')
    ui.run_javascript(script)


def language_picker(t: Translator, path: str) -> ui.select:
    """A select of the translated languages; choosing one reloads `path` with ?lang=."""
    options = {code: NATIVE_NAMES.get(code, code) for code in sorted(translated_languages())}
    return ui.select(options, value=t.html_lang, label=t('Language'),
                     on_change=lambda e: ui.navigate.to(f'{path}?lang={e.value}')) \
        .props('outlined dense options-dense').classes('w-40').mark('language-picker')

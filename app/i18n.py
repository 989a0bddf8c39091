"""Translations of the candidate-facing texts: gettext catalogs (.po) in data/locale, read with Babel.

The .po files are read directly at first use (no compile step, nothing to build after a checkout).
A language without a catalog, a missing msgid, or a fuzzy or empty entry falls back to the English
msgid, so a page never shows a half-made or wrong translation. HR pages stay English.

Texts use `{name}` placeholders filled after translation (`t('Hello {name}', name=...)`), so a
translator may move them; tests/test_i18n_catalogs.py checks every translation keeps the same ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from app.languages import LANGUAGES, primary

LOCALE_DIR = Path(__file__).resolve().parent.parent / 'data' / 'locale'
DEFAULT = 'en'
# Accept-Language can be long and is attacker-controlled: read at most this many entries of it.
MAX_ACCEPT_ENTRIES = 20


def N_(message: str) -> str:
    """Marks a text for extraction where it is defined; it is translated where it is shown."""
    return message


@cache
def _messages(language: str) -> dict[str, str]:
    path = LOCALE_DIR / language / 'LC_MESSAGES' / 'messages.po'
    if not path.is_file():
        return {}
    with path.open('rb') as handle:
        catalog = read_po(handle, locale=language)
    return {str(m.id): str(m.string) for m in catalog
            if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy}


def translated_languages() -> frozenset[str]:
    """Languages of LANGUAGES with a catalog of their own (English needs none)."""
    return frozenset({DEFAULT} | {code for code in LANGUAGES if code != DEFAULT and _messages(code)})


@dataclass(frozen=True)
class Translator:
    """`t('text {x}', x=1)`: the text in `language` (English when untranslated), placeholders filled."""

    language: str = DEFAULT

    def __call__(self, message: str, **values: object) -> str:
        text = _messages(self.language).get(message, message) if self.language != DEFAULT else message
        return text.format(**values) if values else text

    @property
    def html_lang(self) -> str:
        """The language the page is actually in (for <html lang>): English where it fell back."""
        # Only this language's catalog is read (English needs none): all of them take ~1 s to parse.
        return self.language if self.language != DEFAULT and _messages(self.language) else DEFAULT


ENGLISH = Translator()


def for_language(language: str | None) -> Translator:
    """The translator for a job's interview language ('es-MX' → 'es'; unknown → English)."""
    code = primary(language or DEFAULT)
    return Translator(code if code in LANGUAGES else DEFAULT)


def from_accept_language(header: str | None, offered: Iterable[str] | None = None) -> str:
    """The best translated language for an Accept-Language header ('hi-IN,hi;q=0.9,en;q=0.8' → 'hi')."""
    available = set(offered if offered is not None else translated_languages())
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate((header or '').split(',')[:MAX_ACCEPT_ENTRIES]):
        tag, _, params = entry.strip().partition(';')
        quality = 1.0
        if params.strip().startswith('q='):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        code = primary(tag.strip()) if tag.strip() and tag.strip() != '*' else ''
        if code in available and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else DEFAULT


# Each translated language in its own name, for the home page's picker.
NATIVE_NAMES: dict[str, str] = {'en': 'English', 'es': 'Español', 'de': 'Deutsch', 'fr': 'Français', 'hi': 'हिन्दी'}

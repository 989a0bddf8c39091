"""Translations of the candidate-facing texts: gettext catalogs (.po) in data/locale, read with Babel.

The .po files are read directly at first use (no compile step, nothing to build after a checkout).
A language without a catalog, a missing msgid, or a fuzzy or empty entry falls back to the English
msgid, so a page never shows a half-made or wrong translation. HR pages stay English.

Texts use `{name}` placeholders filled after translation (`t('Hello {name}', name=...)`), so a
translator may move them; tests/i18n/test_catalogs.py checks every translation keeps the same ones.
Texts with a count go through `t.ngettext(singular, plural, n, ...)` (or `t.plural(NP_(...), n, ...)` where
the pair is defined apart from its use), so each language picks its own plural form from its catalog's
Plural-Forms header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from gettext import c2py
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app.languages import LANGUAGES, primary

LOCALE_DIR = Path(__file__).resolve().parent.parent / 'data' / 'locale'
DEFAULT = 'en'
# Accept-Language can be long and is attacker-controlled: read at most this many entries of it.
MAX_ACCEPT_ENTRIES = 20


# The project's code 'od' (Odia) is 'or' for CLDR/Babel (dates, units, plural rules).
_BABEL_LOCALE = {'od': 'or'}
_PROJECT_CODE = {babel: code for code, babel in _BABEL_LOCALE.items()}


def babel_locale(language: str) -> str:
    """The Babel/CLDR locale of a project language code ('od' → 'or')."""
    return _BABEL_LOCALE.get(language, language)


def N_(message: str) -> str:
    """Marks a text for extraction where it is defined; it is translated where it is shown."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a text with a count (singular, plural) for extraction; `t.plural(pair, n)` shows it."""
    return singular, plural


@dataclass(frozen=True)
class _Catalog:
    singular: dict[str, str]
    plurals: dict[str, tuple[str, ...]]  # msgid (singular form) → every plural form of the language
    plural_form: Callable[[int], int]


def _english_plural(count: int) -> int:
    return int(count != 1)


@cache
def _catalog(language: str) -> _Catalog:
    path = LOCALE_DIR / language / 'LC_MESSAGES' / 'messages.po'
    if not path.is_file():
        return _Catalog({}, {}, _english_plural)
    with path.open('rb') as handle:
        catalog: Catalog = read_po(handle, locale=babel_locale(language))
    singular = {m.id: m.string for m in catalog
                if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy}
    # A plural entry counts only when every form is filled in: a missing form would show a blank.
    plurals = {str(m.id[0]): tuple(str(s) for s in m.string) for m in catalog
               if isinstance(m.id, tuple) and isinstance(m.string, tuple) and not m.fuzzy
               and len(m.string) == catalog.num_plurals and all(m.string)}
    return _Catalog(singular, plurals, c2py(catalog.plural_expr))


def _messages(language: str) -> dict[str, str]:
    return _catalog(language).singular


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

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of the text for `count` in this language; `count` is also a placeholder value."""
        found = _catalog(self.language).plurals.get(singular) if self.language != DEFAULT else None
        if found:
            index = min(_catalog(self.language).plural_form(count), len(found) - 1)
            text = found[index]
        else:
            text = singular if count == 1 else plural
        return text.format(count=count, **values)

    def plural(self, forms: tuple[str, str], count: int, **values: object) -> str:
        return self.ngettext(forms[0], forms[1], count, **values)

    @property
    def locale(self) -> str:
        """The Babel locale for numbers, dates and units in this page's language."""
        return babel_locale(self.html_lang)

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
        code = _PROJECT_CODE.get(code, code)
        if code in available and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else DEFAULT


# Each translated language in its own name, for the home page's picker.
NATIVE_NAMES: dict[str, str] = {
    'en': 'English', 'es': 'Español', 'de': 'Deutsch', 'fr': 'Français', 'hi': 'हिन्दी', 'bn': 'বাংলা',
    'gu': 'ગુજરાતી', 'kn': 'ಕನ್ನಡ', 'ml': 'മലയാളം', 'mr': 'मराठी', 'od': 'ଓଡ଼ିଆ', 'pa': 'ਪੰਜਾਬੀ', 'ta': 'தமிழ்',
    'te': 'తెలుగు'}


def choose_language(requested: str | None, accept_language: str | None) -> str | None:
    """The language a candidate asked for in a request: `requested` ('hi', 'es-MX', 'or') when it is offered,
    else the best Accept-Language match. None: nothing was asked (the job's language applies)."""
    if requested and requested.strip():
        code = primary(requested.strip())
        return _PROJECT_CODE.get(code, code)
    if accept_language and accept_language.strip():
        return from_accept_language(accept_language)
    return None


def is_offered(code: str) -> bool:
    return code in LANGUAGES


# The language the candidate chose for the request being served (JSON API `language` / Accept-Language).
# Emails queued while serving it (the link sent again) are written in it instead of the job's language.
_candidate_language: ContextVar[str | None] = ContextVar('panelist_candidate_language', default=None)


@contextmanager
def candidate_language(code: str | None) -> Iterator[None]:
    token = _candidate_language.set(code)
    try:
        yield
    finally:
        _candidate_language.reset(token)


def email_translator(job_language: str) -> Translator:
    """The translator for a candidate email: the language the candidate chose in this request, else the job's."""
    return for_language(_candidate_language.get() or job_language)

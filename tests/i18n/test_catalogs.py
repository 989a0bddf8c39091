"""The gettext catalogs: one for every offered language, complete for every candidate-facing text, no fuzzy
entries, the same placeholders, every plural form filled in."""

from __future__ import annotations

import re
from gettext import GNUTranslations
from io import BytesIO

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.i18n import (
    LOCALE_DIR,
    NATIVE_NAMES,
    Translator,
    babel_locale,
    for_language,
    from_accept_language,
    translated_languages,
)
from app.i18n_sources import messages
from app.languages import LANGUAGES

# Every language a job can be set to has its own catalog (English is the msgids themselves).
TRANSLATED = tuple(code for code in LANGUAGES if code != 'en')
# {name} (str.format), $name (email templates: string.Template reads ASCII names, so '$orgలో' is $org + 'లో')
# and HTML tags must come through a translation unchanged.
PLACEHOLDER = re.compile(r'\{\w*\}|(?a:\$\w+)|<[^>]+>')


def catalog(language: str) -> Catalog:
    with (LOCALE_DIR / language / 'LC_MESSAGES' / 'messages.po').open('rb') as handle:
        return read_po(handle, locale=babel_locale(language))


def test_the_sources_are_found() -> None:
    found = messages()
    # One from each kind of source: a page, a component, the recorder texts, the consent notice, an email.
    for text in ('Interviewing for a job?', 'Agree and go to the interview', 'Saving your answer…',
                 'Who sees it', 'Subject: Your interview for $job at $org'.removeprefix('Subject: '),
                 'Start the interview', 'Prefer not to say'):
        assert text in found, text
    assert '$org' not in found and '{retention}' not in found  # nothing to translate in those


def test_every_offered_language_has_a_catalog_and_a_native_name() -> None:
    assert translated_languages() == set(LANGUAGES)
    assert set(NATIVE_NAMES) == set(LANGUAGES)


@pytest.mark.parametrize('language', TRANSLATED)
def test_every_candidate_text_is_translated(language: str) -> None:
    parsed = catalog(language)
    entries = {m.id: m for m in parsed if m.id}
    missing = [text for text in messages() if text not in entries or not _filled(entries[text].string)]
    fuzzy = [m.id for m in entries.values() if m.fuzzy]
    assert not missing, f'{language}: {len(missing)} untranslated, e.g. {missing[:3]}'
    assert not fuzzy, f'{language}: fuzzy entries {fuzzy[:3]}'
    # A plural entry has exactly the forms the language's Plural-Forms header asks for.
    wrong_forms = [m.id for m in entries.values() if isinstance(m.id, tuple) and len(m.string) != parsed.num_plurals]
    assert not wrong_forms, wrong_forms
    assert parsed.locale is not None and str(parsed.locale) == babel_locale(language)


def _filled(string: object) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


@pytest.mark.parametrize('language', TRANSLATED)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = []
    for m in catalog(language):
        if not m.id or not m.string:
            continue
        # A plural entry: every form keeps the plural msgid's placeholders ({count} included).
        source = m.id[-1] if isinstance(m.id, tuple) else m.id
        for form in (m.string if isinstance(m.string, tuple) else (m.string,)):
            if sorted(PLACEHOLDER.findall(str(source))) != sorted(PLACEHOLDER.findall(str(form))):
                wrong.append((source, form))
    assert not wrong, wrong[:3]


@pytest.mark.parametrize('language', TRANSLATED)
def test_catalog_compiles(language: str) -> None:
    """msgfmt's checks (Babel's): format strings, plural forms; and the compiled .mo reads back."""
    parsed = catalog(language)
    errors = [(m.id, problem) for m, problems in parsed.check() for problem in problems]
    assert not errors, errors[:3]
    buffer = BytesIO()
    write_mo(buffer, parsed)
    buffer.seek(0)
    compiled = GNUTranslations(buffer)
    assert compiled.gettext('Start interview') != 'Start interview'
    assert '{count}' in compiled.ngettext('you may start an answer over {count} time',
                                          'you may start an answer over {count} times', 3)


def test_translator_falls_back_to_english() -> None:
    assert Translator('es')('Interviewing for a job?') != 'Interviewing for a job?'
    assert Translator('es')('a text nobody translated') == 'a text nobody translated'
    unknown = for_language('xx')  # not an offered language: English, and the page says so
    assert unknown('Interviewing for a job?') == 'Interviewing for a job?' and unknown.html_lang == 'en'
    assert for_language('es-MX').language == 'es' and for_language('ta-IN').language == 'ta'
    assert Translator('de')('Question {number} of {total}', number=2, total=5) == 'Frage 2 von 5'
    assert Translator('ta')('Question {number} of {total}', number=2, total=5) == 'கேள்வி 2 / 5'
    # Odia's project code is 'od'; pages, dates and units use its BCP 47 / CLDR code 'or'.
    assert Translator('od').html_lang == 'od' and Translator('od').locale == 'or'


@pytest.mark.parametrize(('language', 'one', 'many'), [
    ('en', 'recording starts in 1 second,', 'recording starts in 5 seconds,'),
    ('es', 'empieza en 1 segundo,', 'empieza en 5 segundos,'),
    ('fr', 'commence dans 1 seconde,', 'commence dans 5 secondes,'),
    ('de', 'beginnt in 1 Sekunde,', 'beginnt in 5 Sekunden,'),
    ('ta', '1 விநாடியில்', '5 விநாடிகளில்'),
    ('pa', '1 ਸਕਿੰਟ ਵਿੱਚ', '5 ਸਕਿੰਟਾਂ ਵਿੱਚ'),
])
def test_counts_take_the_languages_plural_form(language: str, one: str, many: str) -> None:
    think = ('Think for a moment — recording starts in {count} second, or click Answer now.',
             'Think for a moment — recording starts in {count} seconds, or click Answer now.')
    t = Translator(language)
    assert one in t.plural(think, 1) and many in t.plural(think, 5)


def test_french_counts_zero_as_singular() -> None:
    # French (CLDR): 0 and 1 take the singular; English and Spanish say '0 questions'.
    pair = ('AI voice interview · {count} question · up to {time} per answer · microphone and camera',
            'AI voice interview · {count} questions · up to {time} per answer · microphone and camera')
    assert '· 0 question ·' in Translator('fr').plural(pair, 0, time='1 min')
    assert '· 0 preguntas ·' in Translator('es').plural(pair, 0, time='1 min')


@pytest.mark.parametrize(('header', 'expected'), [
    ('hi-IN,hi;q=0.9,en;q=0.8', 'hi'),
    ('en-US,en;q=0.9,es;q=0.8', 'en'),
    ('ta-IN,de;q=0.5', 'ta'),
    ('xx-YY,de;q=0.5', 'de'),  # no such catalog: the next language the browser accepts
    ('or-IN,en;q=0.5', 'od'),  # a browser says Odia with its ISO code; the project's is 'od'
    ('fr;q=0.2,es;q=0.7', 'es'),  # by quality, not by order
    ('es;q=0,fr;q=bad', 'en'),  # refused or malformed entries are skipped
    ('', 'en'), (None, 'en'), ('*', 'en'),
])
def test_accept_language(header: str | None, expected: str) -> None:
    assert from_accept_language(header) == expected

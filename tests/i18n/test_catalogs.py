"""The gettext catalogs: complete for every candidate-facing text, no fuzzy entries, same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app.i18n import LOCALE_DIR, Translator, for_language, from_accept_language, translated_languages
from app.i18n_sources import messages

TRANSLATED = ('es', 'de', 'fr', 'hi')
# {name} (str.format), $name (email templates) and HTML tags must come through a translation unchanged.
PLACEHOLDER = re.compile(r'\{\w*\}|\$\w+|<[^>]+>')


def catalog(language: str) -> Catalog:
    with (LOCALE_DIR / language / 'LC_MESSAGES' / 'messages.po').open('rb') as handle:
        return read_po(handle, locale=language)


def test_the_sources_are_found() -> None:
    found = messages()
    # One from each kind of source: a page, a component, the recorder texts, the consent notice, an email.
    for text in ('Interviewing for a job?', 'Agree and go to the interview', 'Saving your answer…',
                 'Who sees it', 'Subject: Your interview for $job at $org'.removeprefix('Subject: '),
                 'Start the interview', 'Prefer not to say'):
        assert text in found, text
    assert '$org' not in found and '{retention}' not in found  # nothing to translate in those


@pytest.mark.parametrize('language', TRANSLATED)
def test_every_candidate_text_is_translated(language: str) -> None:
    entries = {m.id: m for m in catalog(language) if m.id}
    missing = [text for text in messages() if text not in entries or not entries[text].string]
    fuzzy = [m.id for m in entries.values() if m.fuzzy]
    assert not missing, f'{language}: {len(missing)} untranslated, e.g. {missing[:3]}'
    assert not fuzzy, f'{language}: fuzzy entries {fuzzy[:3]}'


@pytest.mark.parametrize('language', TRANSLATED)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = [(m.id, m.string) for m in catalog(language) if m.id and m.string
             and sorted(PLACEHOLDER.findall(str(m.id))) != sorted(PLACEHOLDER.findall(str(m.string)))]
    assert not wrong, wrong[:3]


def test_translator_falls_back_to_english() -> None:
    assert Translator('es')('Interviewing for a job?') != 'Interviewing for a job?'
    assert Translator('es')('a text nobody translated') == 'a text nobody translated'
    tamil = for_language('ta')  # offered for interviews, no catalog yet: English, and the page says so
    assert tamil('Interviewing for a job?') == 'Interviewing for a job?' and tamil.html_lang == 'en'
    assert for_language('es-MX').language == 'es' and for_language('xx').language == 'en'
    assert Translator('de')('Question {number} of {total}', number=2, total=5) == 'Frage 2 von 5'
    assert translated_languages() == {'en', *TRANSLATED}


@pytest.mark.parametrize(('header', 'expected'), [
    ('hi-IN,hi;q=0.9,en;q=0.8', 'hi'),
    ('en-US,en;q=0.9,es;q=0.8', 'en'),
    ('ta-IN,de;q=0.5', 'de'),  # no Tamil catalog: the next language the browser accepts
    ('fr;q=0.2,es;q=0.7', 'es'),  # by quality, not by order
    ('es;q=0,fr;q=bad', 'en'),  # refused or malformed entries are skipped
    ('', 'en'), (None, 'en'), ('*', 'en'),
])
def test_accept_language(header: str | None, expected: str) -> None:
    assert from_accept_language(header) == expected

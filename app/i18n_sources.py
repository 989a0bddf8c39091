"""Where the candidate-facing texts are, and how to collect them into data/locale/messages.pot.

Python: calls of `t(...)` and `N_(...)` anywhere in app/, components/ and pages/ (Babel's extractor). Data: the
consent notice (data/consent_notice.json) and the candidate emails (data/email/, one msgid per
subject line and per paragraph; see app.services.email.templates).

`python -m app.i18n_sources` rewrites the .pot and merges it into every catalog (new msgids are
added empty, changed ones marked fuzzy), so a translator only fills in what is missing.
"""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from app.i18n import LOCALE_DIR, babel_locale

ROOT = Path(__file__).resolve().parent.parent
# Candidate-facing code marks its texts with t(...) or N_(...); HR code uses neither, so all of it is read.
PYTHON_FOLDERS = ('app', 'components', 'pages')
KEYWORDS = {'t': None, 'N_': None, 'ngettext': (1, 2), 'NP_': (1, 2)}
# A msgid: a text, or (singular, plural) for a text with a count.
Message = str | tuple[str, str]
CONSENT_FILE = ROOT / 'data' / 'consent_notice.json'
EMAIL_DIR = ROOT / 'data' / 'email'
CANDIDATE_EMAILS = ('invitation', 'reminder', 'link_again', 'application_link')
POT_FILE = LOCALE_DIR / 'messages.pot'
PARAGRAPH = re.compile(r'<p>(.*?)</p>', re.DOTALL)
_MARKED = re.compile(r'\b(?:t|N_|NP_|ngettext)\(')
_NOT_WORDS = re.compile(r'<[^>]*>|\$\w+|[^\w]')


def has_words(unit: str) -> bool:
    """'$org' or '<a href="$link">$link</a>' is nothing to translate."""
    return bool(_NOT_WORDS.sub('', unit))


def text_units(body: str) -> list[str]:
    """The paragraphs of a plain-text email body (blank-line separated) with words: each one msgid."""
    return [part.strip() for part in body.split('\n\n') if has_words(part)]


def html_units(markup: str) -> list[str]:
    """The inner markup of each <p> of an HTML email, each one msgid (links and emphasis stay inside)."""
    return [unit for match in PARAGRAPH.finditer(markup) if has_words(unit := match.group(1).strip())]


def _consent_texts() -> list[str]:
    raw = json.loads(CONSENT_FILE.read_text(encoding='utf-8'))
    texts = [raw['title'], raw['retention_days'], raw['retention_unlimited'], raw['agreement']]
    for section in raw['sections']:
        texts += [section['heading'], section['text']]
    return [text for text in texts if not re.fullmatch(r'\{\w+\}', text)]  # '{retention}' alone is no text


def _email_texts() -> list[str]:
    texts: list[str] = []
    for kind in CANDIDATE_EMAILS:
        first, _, body = (EMAIL_DIR / f'{kind}.txt').read_text(encoding='utf-8').partition('\n')
        texts.append(first.removeprefix('Subject:').strip())
        texts += text_units(body)
        texts += html_units((EMAIL_DIR / f'{kind}.html').read_text(encoding='utf-8'))
    return texts


def _python_sources() -> list[str]:
    paths = sorted(path for folder in PYTHON_FOLDERS for path in (ROOT / folder).rglob('*.py')
                   if 'migrations' not in path.parts)
    return [str(path.relative_to(ROOT)) for path in paths if _MARKED.search(path.read_text(encoding='utf-8'))]


def messages() -> dict[Message, str]:
    """Every candidate-facing msgid (a text, or a (singular, plural) pair) → where it was found first."""
    found: dict[Message, str] = {}
    for source in _python_sources():
        for line, message, _comments, _context in extract_from_file('python', ROOT / source, keywords=KEYWORDS):
            if isinstance(message, str) and message:
                found.setdefault(message, f'{source}:{line}')
            elif isinstance(message, tuple) and len(message) == 2 and all(isinstance(m, str) and m for m in message):
                found.setdefault((str(message[0]), str(message[1])), f'{source}:{line}')
    for text in _consent_texts():
        found.setdefault(text, 'data/consent_notice.json')
    for text in _email_texts():
        found.setdefault(text, 'data/email')
    return found


def template() -> Catalog:
    catalog = Catalog(project='Panelist', charset='utf-8')
    for message, place in messages().items():
        path, _, line = place.partition(':')
        catalog.add(message, locations=[(path, int(line or 0))])
    return catalog


def update_catalogs() -> list[Path]:
    """Write the .pot and merge it into every language's .po (what `python -m app.i18n_sources` does)."""
    pot = template()
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    with POT_FILE.open('wb') as handle:
        write_po(handle, pot, omit_header=False, width=100)
    written = []
    for po_path in sorted(LOCALE_DIR.glob('*/LC_MESSAGES/messages.po')):
        with po_path.open('rb') as handle:
            catalog = read_po(handle, locale=babel_locale(po_path.parts[-3]))
        catalog.update(pot, no_fuzzy_matching=True)
        buffer = BytesIO()
        write_po(buffer, catalog, width=100, ignore_obsolete=True)
        po_path.write_bytes(buffer.getvalue())
        written.append(po_path)
    return written


if __name__ == '__main__':
    for path in update_catalogs():
        print(path.relative_to(ROOT))

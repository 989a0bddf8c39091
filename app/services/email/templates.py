"""Email bodies from the plain-text and HTML templates in data/email/ (string.Template, `$name` fields).

The first line of each .txt template is `Subject: …`. Values are escaped for the HTML body; the plain
text body takes them as they are. A candidate's email is in the job's language: the subject, each
paragraph of the text body and each <p> of the HTML body is a msgid of the gettext catalogs
(app.i18n_sources), translated before the values are filled in.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from app.i18n import ENGLISH, Translator
from app.i18n_sources import PARAGRAPH, has_words

TEMPLATE_DIR = Path(__file__).resolve().parents[3] / 'data' / 'email'
KINDS = ('invitation', 'reminder', 'link_again', 'application_link', 'team_invite')


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _load(kind: str, t: Translator) -> tuple[Template, Template, Template]:
    if kind not in KINDS:
        raise ValueError(f'unknown email template {kind!r}')
    text = (TEMPLATE_DIR / f'{kind}.txt').read_text(encoding='utf-8')
    first, _, body = text.partition('\n')
    if not first.startswith('Subject:'):
        raise ValueError(f'{kind}.txt must start with a "Subject:" line')
    markup = (TEMPLATE_DIR / f'{kind}.html').read_text(encoding='utf-8')
    body = '\n\n'.join(t(part.strip()) if has_words(part) else part.strip() for part in body.split('\n\n'))
    markup = PARAGRAPH.sub(lambda m: f'<p>{t(m.group(1).strip())}</p>', markup)
    return Template(t(first.removeprefix('Subject:').strip())), Template(body), Template(markup)


def render(kind: str, values: dict[str, str], t: Translator = ENGLISH) -> Rendered:
    """Fill a template in t's language; a missing value raises KeyError (a template bug, not user input)."""
    subject, text, markup = _load(kind, t)
    # A subject is one header line: a name with a line break must not add headers.
    flat = {key: ' '.join(value.split()) for key, value in values.items()}
    escaped = {key: html.escape(value, quote=True) for key, value in values.items()}
    return Rendered(subject=subject.substitute(flat), text=text.substitute(values).strip() + '\n',
                    html=markup.substitute(escaped))

"""Reasons for HR to look twice at a resume: text a reader would not see, and text aimed at an AI.

Flags never change a score or hide anything: the text stays in the stored resume as data, the
flag says where it is and shows excerpts. Skills that appear only in hidden text are not counted
in the parsed resume (they would game the must-have match), and the flag names them.
"""

from __future__ import annotations

import re
from typing import Any

from app.documents.raw import HiddenReason, RawDocument
from app.skills import taxonomy

MAX_EXCERPTS = 3
EXCERPT_CHARS = 160

HIDDEN_MESSAGES: dict[HiddenReason, str] = {
    'white': 'White or near-white text that is invisible on the page',
    'invisible': 'Text drawn in invisible mode',
    'tiny': 'Text too small to read (under 2 pt)',
    'outside': 'Text placed outside the visible page',
    'hidden': 'Text formatted as hidden',
}

# Phrases that address an AI reviewer rather than a human reader. Kept specific: ordinary resume
# language ("led a team", "rated top performer") must not match.
_INSTRUCTION_PATTERNS = [
    r'\b(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+|your\s+)*(previous|prior|above|earlier|preceding|'
    r'other|existing)\s+(instructions?|prompts?|directions?|rules|guidelines|context)',
    r'\b(ignore|disregard)\s+(all|everything)\s+(else|above|before)',
    r'\b(rate|score|rank|grade|evaluate|assess|mark)\s+(this|the)\s+(candidate|applicant|resume|cv|profile)\b',
    r'\b(give|assign|award)\s+(this|the)\s+(candidate|applicant|resume)\s+(a\s+)?(high|higher|perfect|maximum|max|top|'
    r'full|10|100|5)',
    r'\b(this|the)\s+(candidate|applicant)\s+(is|should\s+be)\s+(the\s+)?(best|perfect|ideal|strongly\s+recommended|'
    r'an?\s+strong\s+hire)',
    r'\b(recommend|shortlist|advance)\s+(this|the)\s+(candidate|applicant)\b',
    r'\b(you\s+are|act\s+as|pretend\s+to\s+be)\s+(now\s+)?(an?\s+)?(ai|assistant|language\s+model|llm|chatbot|'
    r'recruiter\s+bot|hiring\s+(ai|assistant))',
    r'\b(as\s+an?\s+)(ai|language\s+model|llm)\b',
    r'\b(system\s+prompt|new\s+instructions?|hidden\s+instructions?|instructions?\s+(to|for)\s+(the\s+)?(ai|llm|model|'
    r'assistant|screener|reviewer))',
    r'\b(chatgpt|gpt-?\d|claude|gemini|llm|ai\s+(model|system|screener|reviewer|recruiter))\s*[,:]',
    r'<\|?(im_start|im_end|system|assistant|user)\|?>|\[/?inst\]|###\s*(instruction|system)',
    r'\b(output|respond|reply|answer)\s+(only\s+)?(with|that)\s+["\']?(yes|hire|strong|10/10|100)',
]
_INSTRUCTIONS = re.compile('|'.join(f'(?:{p})' for p in _INSTRUCTION_PATTERNS), re.IGNORECASE)
_KEYWORD_STUFFING_SKILLS = 4  # metadata naming this many skills is keyword stuffing, not a title


def build_flags(raw: RawDocument, visible_skills: list[str]) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []
    by_reason: dict[HiddenReason, list[str]] = {}
    for passage in raw.hidden:
        by_reason.setdefault(passage.reason, []).append(
            f'p. {passage.page}: {passage.text}' if passage.page else passage.text)
    for reason, texts in by_reason.items():
        flags.append(flag('hidden_text', f'{HIDDEN_MESSAGES[reason]}: {_count(len(texts), "passage")}.',
                           texts, reason=reason))

    hidden_text = ' '.join(p.text for p in raw.hidden)
    visible = {s.casefold() for s in visible_skills}
    only_hidden = [s for s in taxonomy().find_in_text(hidden_text) if s.casefold() not in visible]
    if only_hidden:
        flags.append(flag('hidden_skills', 'Skills named only in hidden text (not counted as resume skills): '
                           + ', '.join(only_hidden) + '.', []))

    suspicious_metadata: list[str] = []
    for key, value in raw.metadata.items():
        skills = taxonomy().find_in_text(value)
        if len(value) > 300 or len(skills) >= _KEYWORD_STUFFING_SKILLS or _INSTRUCTIONS.search(value):
            suspicious_metadata.append(f'{key}: {value}')
    if suspicious_metadata:
        flags.append(flag('metadata', 'Document properties (not shown on the page) carry resume content or '
                           'keywords.', suspicious_metadata))

    if raw.active_content:
        flags.append(flag('active_content', 'The file contains active content (JavaScript or actions that run when '
                           'it is opened). Panelist never runs it; open the original download with care.',
                           raw.active_content))

    instructions: list[str] = []
    sources = [('visible text', raw.text), *[('hidden text', p.text) for p in raw.hidden],
               *[(f'document property "{k}"', v) for k, v in raw.metadata.items()]]
    for where, text in sources:
        covered = -1
        for match in _INSTRUCTIONS.finditer(text):
            if match.start() <= covered:
                continue  # already inside the previous excerpt
            instructions.append(f'{where}: {_around(text, match.start(), match.end())}')
            covered = match.end() + 80
    if instructions:
        flags.append(flag('ai_instructions', 'Text that reads like instructions to an AI reviewer. It is kept as '
                           'data and never followed.', instructions))
    return flags


def flag(kind: str, message: str, excerpts: list[str], **extra: Any) -> dict[str, Any]:
    return {'kind': kind, 'message': message, 'count': len(excerpts),
            'excerpts': [_cut(text) for text in excerpts[:MAX_EXCERPTS]], **extra}


def _count(n: int, noun: str) -> str:
    return f'{n} {noun}{"s" if n != 1 else ""}'


def _around(text: str, start: int, end: int) -> str:
    left = max(0, start - 40)
    right = min(len(text), end + 80)
    snippet = ' '.join(text[left:right].split())
    return ('…' if left else '') + snippet + ('…' if right < len(text) else '')


def _cut(text: str) -> str:
    text = ' '.join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1].rstrip() + '…'

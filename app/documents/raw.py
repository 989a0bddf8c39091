"""What a reader extracts from a file before any interpretation: visible text, hidden passages, metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Stored resume text puts hidden passages after this line, so readers (and the match) can tell them apart.
HIDDEN_HEADING = '[Text hidden in the file: not visible to a reader]'

# Why a passage is invisible to a person reading the document.
HiddenReason = Literal['white', 'invisible', 'tiny', 'outside', 'hidden']


@dataclass
class HiddenPassage:
    reason: HiddenReason
    text: str
    page: int | None = None


@dataclass
class RawDocument:
    text: str  # what a person reading the document sees, in reading order
    hidden: list[HiddenPassage] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # document properties (title, keywords, …)
    links: list[str] = field(default_factory=list)  # link targets that are not printed as text
    # Things the file would run in a PDF viewer (JavaScript, actions on open): never run, only reported.
    active_content: list[str] = field(default_factory=list)
    pages: int | None = None

    def add_hidden(self, reason: HiddenReason, text: str, page: int | None = None) -> None:
        text = ' '.join(text.split())
        if not text:
            return
        last = self.hidden[-1] if self.hidden else None
        if last is not None and last.reason == reason and last.page == page:
            last.text = f'{last.text} {text}'  # consecutive runs of one hidden block read as one passage
        else:
            self.hidden.append(HiddenPassage(reason, text, page))

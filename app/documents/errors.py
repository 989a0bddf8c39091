"""Why a document was refused. The message is shown to the candidate as is, so it says what to do."""

from __future__ import annotations


class DocumentRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

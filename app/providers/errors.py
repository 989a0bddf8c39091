"""Typed provider failures. Services turn these into clear messages; nothing invalid is stored."""

from __future__ import annotations


class ProviderError(Exception):
    """A provider call failed after its bounded retries (or could not be retried)."""

    def __init__(self, provider: str, message: str, *, retryable: bool = False) -> None:
        super().__init__(f'{provider}: {message}')
        self.provider = provider
        self.message = message
        self.retryable = retryable


class UnreadableAudio(ProviderError):
    """The recording cannot be decoded (corrupt, not audio, or too long): another attempt cannot help."""


class ProviderTimeout(ProviderError):
    def __init__(self, provider: str, message: str = 'timed out') -> None:
        super().__init__(provider, message, retryable=True)


class ProviderRateLimited(ProviderError):
    def __init__(self, provider: str, retry_after: float | None = None) -> None:
        super().__init__(provider, 'rate limited by the provider', retryable=True)
        self.retry_after = retry_after


class ProviderInvalidOutput(ProviderError):
    """The model answered, but its output failed validation every time it was asked."""

    def __init__(self, provider: str, message: str) -> None:
        super().__init__(provider, message, retryable=False)

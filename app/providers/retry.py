"""Bounded retries for remote providers: timeouts, backoff with jitter, Retry-After, typed errors.

Every remote call goes through `call_with_retries`. One attempt is a coroutine that either returns a
validated value or raises one of the `Attempt*` exceptions below (or a ProviderError that must not be
retried, e.g. a rejected API key). After the last attempt the caller gets a typed ProviderError
subclass that says what went wrong the last time — never a hang and never an unvalidated value.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx

from app.backoff import backoff_delay
from app.config import Settings
from app.providers.errors import ProviderError, ProviderInvalidOutput, ProviderRateLimited, ProviderTimeout

log = logging.getLogger(__name__)

T = TypeVar('T')

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class AttemptFailed(Exception):
    """One attempt failed in a way that is worth another try (connection error, 5xx, ...)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AttemptTimedOut(AttemptFailed):
    pass


class AttemptRateLimited(AttemptFailed):
    pass


class AttemptInvalidOutput(AttemptFailed):
    """The provider answered but the content failed validation (malformed, truncated, out of range)."""


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    timeout_seconds: float = 30.0
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 8.0
    retry_after_max_seconds: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            max_retries=settings.provider_max_retries,
            timeout_seconds=settings.provider_timeout_seconds,
            backoff_base_seconds=settings.provider_backoff_base_seconds,
            backoff_max_seconds=settings.provider_backoff_max_seconds,
            retry_after_max_seconds=settings.provider_retry_after_max_seconds,
        )

    def delay(self, retry_number: int, retry_after: float | None) -> float:
        """Seconds to wait before retry `retry_number` (0-based)."""
        if retry_after is not None:
            return max(0.0, min(retry_after, self.retry_after_max_seconds))
        return backoff_delay(retry_number, self.backoff_base_seconds, self.backoff_max_seconds)


async def call_with_retries(provider: str, attempt: Callable[[], Awaitable[T]], policy: RetryPolicy) -> T:
    last: AttemptFailed | None = None
    for number in range(policy.max_retries + 1):
        try:
            # The outer deadline guards against anything below (SDK, proxy) that ignores its own timeout.
            return await asyncio.wait_for(attempt(), timeout=policy.timeout_seconds * 1.5 + 1)
        except TimeoutError:
            last = AttemptTimedOut('no answer within the time limit')
        except AttemptFailed as failure:
            last = failure
        if number < policy.max_retries:
            wait = policy.delay(number, last.retry_after)
            log.info('%s attempt %d failed (%s); retrying in %.2fs', provider, number + 1, last, wait)
            await asyncio.sleep(wait)
    assert last is not None
    raise _final_error(provider, last, policy.max_retries + 1)


def _final_error(provider: str, last: AttemptFailed, attempts: int) -> ProviderError:
    suffix = f' (after {attempts} attempt{"s" if attempts != 1 else ""})'
    if isinstance(last, AttemptTimedOut):
        return ProviderTimeout(provider, f'timed out{suffix}')
    if isinstance(last, AttemptRateLimited):
        return ProviderRateLimited(provider, last.retry_after)
    if isinstance(last, AttemptInvalidOutput):
        return ProviderInvalidOutput(provider, f'invalid output: {last}{suffix}')
    return ProviderError(provider, f'{last}{suffix}', retryable=True)


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    value = headers.get('retry-after') or headers.get('Retry-After')
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def raise_for_status(provider: str, status: int, headers: Mapping[str, str], body: str = '') -> None:
    """Turn a non-2xx status into the matching attempt failure or a final, non-retryable error."""
    if 200 <= status < 300:
        return
    detail = ' '.join(body.split())[:200]
    if status == 429:
        raise AttemptRateLimited('HTTP 429 rate limited', retry_after=parse_retry_after(headers))
    if status == 408:
        raise AttemptTimedOut('HTTP 408 request timeout', retry_after=parse_retry_after(headers))
    if status in RETRYABLE_STATUS or status >= 500:
        raise AttemptFailed(f'HTTP {status} from the provider', retry_after=parse_retry_after(headers))
    if status in (401, 403):
        raise ProviderError(provider, f'HTTP {status}: the API key was rejected; check the key setting. {detail}')
    raise ProviderError(provider, f'HTTP {status}: request rejected by the provider. {detail}')


def transport_failure(error: httpx.HTTPError) -> AttemptFailed:
    """Classify an httpx exception (timeouts, refused or reset connections) for the retry loop."""
    if isinstance(error, httpx.TimeoutException):
        return AttemptTimedOut(f'{type(error).__name__}')
    return AttemptFailed(f'connection problem: {type(error).__name__} {error}'.strip())

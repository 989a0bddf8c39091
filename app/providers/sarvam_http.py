"""The HTTP side shared by Sarvam's text-to-speech and speech-to-text: auth header, language codes,
and one attempt = one request through the shared retry loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from app.config import Settings
from app.providers.http_client import PerLoopHttpClient
from app.providers.retry import (
    AttemptInvalidOutput,
    RetryPolicy,
    call_with_retries,
    raise_for_status,
    transport_failure,
)

# Bulbul and Saarika speak these; Sarvam wants BCP-47 codes with the Indian region.
T = TypeVar('T')

SARVAM_LANGUAGES = frozenset({'en', 'hi', 'bn', 'gu', 'kn', 'ml', 'mr', 'od', 'pa', 'ta', 'te'})


def sarvam_language(language: str) -> str | None:
    """'en' → 'en-IN'; None when Sarvam does not support the language."""
    primary = language.replace('_', '-').split('-')[0].lower()
    if primary == 'or':  # ISO 639-1 for Odia; Sarvam spells it 'od'
        primary = 'od'
    return f'{primary}-IN' if primary in SARVAM_LANGUAGES else None


class SarvamHttp:
    def __init__(self, settings: Settings, provider: str) -> None:
        self.provider = provider
        self.policy = RetryPolicy.from_settings(settings)
        self._client = PerLoopHttpClient(
            timeout_seconds=settings.provider_timeout_seconds,
            base_url=settings.sarvam_base_url.rstrip('/'),
            headers={'api-subscription-key': settings.sarvam_api_key},
            max_connections=settings.provider_max_connections,
        )

    async def post(self, path: str, parse: Callable[[dict[str, Any]], T], *,
                   json_body: dict[str, Any] | None = None, data: dict[str, str] | None = None,
                   files: dict[str, tuple[str, bytes, str]] | None = None) -> T:
        """POST with retries; `parse` validates the JSON body inside each attempt (raise AttemptInvalidOutput)."""

        async def attempt() -> T:
            try:
                response = await self._client.get().post(path, json=json_body, data=data, files=files)
            except httpx.HTTPError as error:
                raise transport_failure(error) from error
            raise_for_status(self.provider, response.status_code, response.headers, response.text)
            try:
                payload = response.json()
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise AttemptInvalidOutput('response is not JSON') from error
            if not isinstance(payload, dict):
                raise AttemptInvalidOutput('response is not a JSON object')
            return parse(payload)

        return await call_with_retries(self.provider, attempt, self.policy)

    async def aclose(self) -> None:
        await self._client.aclose()

"""Gemini through the google-genai SDK's async client, with JSON-schema structured output.

The SDK is given its own httpx client and told not to retry, so timeouts, retries and error types
are the shared ones (app.providers.retry) and the base URL can point at a proxy or the test fake.
`response.parsed` is None whenever the model's JSON does not validate; that is an invalid attempt.
"""

from __future__ import annotations

import json
from typing import TypeVar

import httpx
from google import genai
from google.genai import errors as genai_errors
from google.genai import types
from pydantic import BaseModel

from app.config import Settings
from app.providers.http_client import PerLoop, new_client
from app.providers.llm.prompts import Prompt
from app.providers.llm.remote import RemoteLLM
from app.providers.retry import (
    AttemptFailed,
    AttemptInvalidOutput,
    RetryPolicy,
    raise_for_status,
    transport_failure,
)

M = TypeVar('M', bound=BaseModel)


class GeminiLLM(RemoteLLM):
    name = 'gemini'

    def __init__(self, settings: Settings) -> None:
        super().__init__(RetryPolicy.from_settings(settings))
        self.model = settings.gemini_model
        self._api_key = settings.gemini_api_key
        self._base_url = settings.gemini_base_url.rstrip('/') or None
        self._timeout = settings.provider_timeout_seconds
        self._max_connections = settings.provider_max_connections
        self._clients: PerLoop[tuple[genai.Client, httpx.AsyncClient]] = PerLoop(self._make_client)

    def _make_client(self) -> tuple[genai.Client, httpx.AsyncClient]:
        http = new_client(timeout_seconds=self._timeout, max_connections=self._max_connections)
        client = genai.Client(api_key=self._api_key, http_options=types.HttpOptions(
            base_url=self._base_url,
            timeout=int(self._timeout * 1000),
            retry_options=types.HttpRetryOptions(attempts=1),  # our retry loop owns retries
            httpx_async_client=http,
        ))
        return client, http

    async def _attempt(self, prompt: Prompt, schema: type[M]) -> M:
        config = types.GenerateContentConfig(
            system_instruction=prompt.system,
            response_mime_type='application/json',
            response_schema=schema,
            temperature=0.2,
        )
        try:
            client, _ = self._clients.get()
            response = await client.aio.models.generate_content(
                model=self.model, contents=prompt.user, config=config)
        except genai_errors.APIError as error:
            response_obj = getattr(error, 'response', None)
            headers = getattr(response_obj, 'headers', None) or {}
            raise_for_status(self.name, error.code or 500, headers, error.message or '')
            raise AttemptFailed(f'unexpected API error {error.code}') from error
        except httpx.HTTPError as error:
            raise transport_failure(error) from error
        except (genai_errors.UnknownApiResponseError, json.JSONDecodeError, ValueError) as error:
            raise AttemptInvalidOutput(f'unreadable response: {type(error).__name__}') from error

        candidates = response.candidates or []
        if not candidates:
            reason = response.prompt_feedback.block_reason if response.prompt_feedback else None
            raise AttemptInvalidOutput(f'no candidates in the response (block reason: {reason})')
        finish = candidates[0].finish_reason
        if finish == types.FinishReason.MAX_TOKENS:
            raise AttemptInvalidOutput('output truncated (finishReason MAX_TOKENS)')
        parsed = response.parsed
        if not isinstance(parsed, schema):
            raise AttemptInvalidOutput(f'output does not match the {schema.__name__} schema (finish: {finish})')
        return parsed

    async def aclose(self) -> None:
        pair = self._clients.pop_current()
        if pair is not None:
            client, http = pair
            await client.aio.aclose()
            await http.aclose()  # the SDK leaves a client it was handed to its owner

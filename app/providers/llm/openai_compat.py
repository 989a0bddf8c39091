"""Any OpenAI-compatible /v1/chat/completions endpoint (OpenAI, Ollama, vLLM, LM Studio) over httpx."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from app.config import Settings
from app.providers.http_client import PerLoopHttpClient
from app.providers.llm.prompts import Prompt
from app.providers.llm.remote import RemoteLLM
from app.providers.llm.wire import strict_json_schema, strict_json_schema_text
from app.providers.retry import AttemptInvalidOutput, RetryPolicy, raise_for_status, transport_failure

M = TypeVar('M', bound=BaseModel)

SCHEMA_NAMES = {'plan': 'interview_plan', 'question': 'interview_question', 'evaluate': 'answer_evaluation',
                'follow_up': 'follow_up', 'report': 'interview_report'}


def _strip_fences(content: str) -> str:
    """Some local servers wrap JSON in a Markdown fence even in JSON mode."""
    text = content.strip()
    if text.startswith('```'):
        text = text.split('\n', 1)[1] if '\n' in text else ''
        text = text.rsplit('```', 1)[0]
    return text.strip()


class OpenAICompatibleLLM(RemoteLLM):
    name = 'openai'

    def __init__(self, settings: Settings) -> None:
        super().__init__(RetryPolicy.from_settings(settings))
        self.model = settings.openai_model
        self._mode = settings.openai_json_mode
        headers = {'Authorization': f'Bearer {settings.openai_api_key}'} if settings.openai_api_key else {}
        self._http = PerLoopHttpClient(timeout_seconds=settings.provider_timeout_seconds,
                                       base_url=settings.openai_base_url.rstrip('/'), headers=headers,
                                       max_connections=settings.provider_max_connections)

    def _body(self, prompt: Prompt, schema: type[M]) -> dict[str, Any]:
        json_schema = strict_json_schema(schema)
        # The schema also goes in the instructions: json_object mode (and some servers' json_schema
        # support) only guarantee JSON, not its shape.
        system = f'{prompt.system}\n\nThe JSON object must match this JSON Schema:\n{strict_json_schema_text(schema)}'
        body: dict[str, Any] = {
            'model': self.model,
            'messages': [{'role': 'system', 'content': system}, {'role': 'user', 'content': prompt.user}],
            'temperature': 0.2,
        }
        if self._mode == 'json_schema':
            body['response_format'] = {'type': 'json_schema', 'json_schema': {
                'name': SCHEMA_NAMES.get(prompt.task, prompt.task), 'schema': json_schema, 'strict': True}}
        else:
            body['response_format'] = {'type': 'json_object'}
        return body

    async def _attempt(self, prompt: Prompt, schema: type[M]) -> M:
        try:
            response = await self._http.get().post('/chat/completions', json=self._body(prompt, schema))
        except httpx.HTTPError as error:
            raise transport_failure(error) from error
        raise_for_status(self.name, response.status_code, response.headers, response.text)
        try:
            payload = response.json()
            choice = payload['choices'][0]
            finish = choice.get('finish_reason')
            message = choice['message']
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, IndexError, TypeError) as error:
            raise AttemptInvalidOutput(f'unreadable response: {type(error).__name__}') from error
        if finish == 'length':
            raise AttemptInvalidOutput('output truncated (finish_reason length)')
        content = message.get('content') if isinstance(message, dict) else None
        if not isinstance(content, str) or not content.strip():
            refusal = message.get('refusal') if isinstance(message, dict) else None
            raise AttemptInvalidOutput(f'no content in the response{f" (refusal: {refusal})" if refusal else ""}')
        try:
            return schema.model_validate_json(_strip_fences(content))
        except ValidationError as error:
            raise AttemptInvalidOutput(f'output does not match the {schema.__name__} schema: '
                                       f'{error.error_count()} error(s)') from error

    async def aclose(self) -> None:
        await self._http.aclose()

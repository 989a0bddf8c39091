"""Fake OpenAI-compatible API: POST /v1/chat/completions with a Bearer key."""

from __future__ import annotations

import time
import uuid

from tests.support.fakes.llm_content import answer_for
from tests.support.fakes.server import FakeServer, Request, Response


class FakeOpenAI(FakeServer):
    name = 'openai'

    def authorized(self, request: Request) -> bool:
        return request.headers.get('authorization') == f'Bearer {self.api_key}'

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        kind = 'rate_limit_exceeded' if status == 429 else 'server_error' if status >= 500 else 'invalid_request_error'
        return Response.of_json({'error': {'message': message, 'type': kind, 'param': None, 'code': kind}},
                                status, headers)

    def route(self, request: Request, fault: str) -> Response:
        if request.method != 'POST' or request.path.split('?')[0] != '/v1/chat/completions':
            return self.error(404, f'no route {request.method} {request.path}')
        body = request.json()
        fmt = (body.get('response_format') or {}).get('type')
        if fmt not in ('json_schema', 'json_object'):
            return self.error(400, 'response_format must be json_schema or json_object')
        user_text = ''.join(m.get('content', '') for m in body.get('messages', []) if m.get('role') == 'user')
        text, truncated = answer_for(user_text, fault)
        return Response.of_json({
            'id': f'chatcmpl-{uuid.uuid4().hex[:20]}',
            'object': 'chat.completion',
            'created': int(time.time()),
            'model': body.get('model', 'fake-model'),
            'choices': [{'index': 0, 'message': {'role': 'assistant', 'content': text, 'refusal': None},
                         'logprobs': None, 'finish_reason': 'length' if truncated else 'stop'}],
            'usage': {'prompt_tokens': len(user_text) // 4, 'completion_tokens': len(text) // 4,
                      'total_tokens': (len(user_text) + len(text)) // 4},
        })

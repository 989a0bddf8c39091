"""Fake Gemini API: POST /v1beta/models/{model}:generateContent with an x-goog-api-key header."""

from __future__ import annotations

import re
import uuid

from tests.support.fakes.llm_content import answer_for
from tests.support.fakes.server import FakeServer, Request, Response

_ROUTE = re.compile(r'^/(v1beta|v1|v1alpha)/models/(?P<model>[^/:]+):generateContent$')
_STATUS = {400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
           408: 'DEADLINE_EXCEEDED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE'}


class FakeGemini(FakeServer):
    name = 'gemini'

    def authorized(self, request: Request) -> bool:
        return request.headers.get('x-goog-api-key') == self.api_key

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return Response.of_json({'error': {'code': status, 'message': message,
                                           'status': _STATUS.get(status, 'UNKNOWN')}}, status, headers)

    def route(self, request: Request, fault: str) -> Response:
        match = _ROUTE.match(request.path.split('?')[0])
        if request.method != 'POST' or not match:
            return self.error(404, f'no route {request.method} {request.path}')
        body = request.json()
        user_text = ''.join(part.get('text', '') for content in body.get('contents', [])
                            for part in content.get('parts', []) if content.get('role', 'user') == 'user')
        config = body.get('generationConfig', {})
        if config.get('responseMimeType') != 'application/json':
            return self.error(400, 'expected responseMimeType application/json')
        text, truncated = answer_for(user_text, fault)
        return Response.of_json({
            'candidates': [{
                'content': {'parts': [{'text': text}], 'role': 'model'},
                'finishReason': 'MAX_TOKENS' if truncated else 'STOP',
                'index': 0,
            }],
            'usageMetadata': {'promptTokenCount': len(user_text) // 4, 'candidatesTokenCount': len(text) // 4,
                              'totalTokenCount': (len(user_text) + len(text)) // 4},
            'modelVersion': match.group('model'),
            'responseId': uuid.uuid4().hex[:16],
        })

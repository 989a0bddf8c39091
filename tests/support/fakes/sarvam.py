"""Fake Sarvam API: POST /text-to-speech (JSON → base64 WAV in "audios") and POST /speech-to-text
(multipart file → "transcript"), both authenticated with an api-subscription-key header."""

from __future__ import annotations

import base64
import email.parser
import email.policy
import io
import json
import math
import struct
import uuid
import wave
from typing import Any

from tests.support.fakes.server import FakeServer, Request, Response

DEFAULT_TRANSCRIPT = ('I would use PostgreSQL with an index on the customer id column, check the plan with '
                      'EXPLAIN ANALYZE, and deploy the service on Kubernetes.')


def tone_wav(seconds: float, sample_rate: int = 22050) -> bytes:
    """A quiet 220 Hz tone: valid WAV of a believable length for the text."""
    frames = int(seconds * sample_rate)
    samples = (int(3000 * math.sin(2 * math.pi * 220 * i / sample_rate)) for i in range(frames))
    buffer = io.BytesIO()
    with wave.open(buffer, 'wb') as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(struct.pack(f'<{frames}h', *samples))
    return buffer.getvalue()


def parse_multipart(request: Request) -> dict[str, tuple[str | None, bytes]]:
    """{field: (filename, content)} of a multipart/form-data body."""
    head = f'Content-Type: {request.headers.get("content-type", "")}\r\n\r\n'.encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    fields: dict[str, tuple[str | None, bytes]] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param('name', header='content-disposition')
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            fields[name] = (part.get_filename(), payload if isinstance(payload, bytes) else b'')
    return fields


class FakeSarvam(FakeServer):
    name = 'sarvam'

    def __init__(self, *, latency: float = 0.0, latency_tts: float | None = None, latency_stt: float | None = None,
                 api_key: str = 'test-key') -> None:
        super().__init__(latency=latency, api_key=api_key)
        self.latency_tts = latency if latency_tts is None else latency_tts
        self.latency_stt = latency if latency_stt is None else latency_stt
        self.transcript = DEFAULT_TRANSCRIPT

    def latency_for(self, request: Request) -> float:
        return self.latency_stt if request.path.startswith('/speech-to-text') else self.latency_tts

    def authorized(self, request: Request) -> bool:
        return request.headers.get('api-subscription-key') == self.api_key

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return Response.of_json({'error': {'message': message, 'code': f'http_{status}',
                                           'request_id': uuid.uuid4().hex}}, status, headers)

    def route(self, request: Request, fault: str) -> Response:
        path = request.path.split('?')[0]
        if request.method == 'POST' and path == '/text-to-speech':
            return self._tts(request, fault)
        if request.method == 'POST' and path == '/speech-to-text':
            return self._stt(request, fault)
        return self.error(404, f'no route {request.method} {request.path}')

    def _tts(self, request: Request, fault: str) -> Response:
        body = request.json()
        text = body.get('text')
        if not isinstance(text, str) or not text or not body.get('target_language_code'):
            return self.error(400, 'text and target_language_code are required')
        audio = base64.b64encode(tone_wav(max(0.5, 0.06 * len(text)))).decode()
        value: dict[str, Any] = {'request_id': uuid.uuid4().hex, 'audios': [audio]}
        if fault == 'out_of_range':
            value['audios'] = [base64.b64encode(b'not audio at all').decode()]
        elif fault == 'missing_fields':
            value.pop('audios')
        return self._content(value, fault)

    def _stt(self, request: Request, fault: str) -> Response:
        fields = parse_multipart(request)
        if 'file' not in fields or not fields['file'][1]:
            return self.error(400, 'file is required')
        language = fields.get('language_code', (None, b'unknown'))[1].decode() or 'unknown'
        value: dict[str, Any] = {'request_id': uuid.uuid4().hex, 'transcript': self.transcript,
                                 'timestamps': None, 'diarized_transcript': None,
                                 'language_code': 'en-IN' if language == 'unknown' else language}
        if fault == 'out_of_range':
            value['transcript'] = 42
        elif fault == 'missing_fields':
            value.pop('transcript')
        return self._content(value, fault)

    @staticmethod
    def _content(value: dict[str, Any], fault: str) -> Response:
        text = json.dumps(value)
        if fault == 'truncated':
            text = text[: len(text) // 2]
        return Response(200, text.encode(), 'application/json')

"""What remote models must return, as pydantic models: the JSON schema sent with each request and the
validator for each answer. Every field is required (no defaults) so one schema works for Gemini's
response_schema and OpenAI's strict json_schema alike.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from pydantic import BaseModel, Field

from app.providers.llm.base import Difficulty, PlanType


class WirePlanItem(BaseModel):
    type: PlanType
    skill: str | None
    difficulty: Difficulty
    focus: str = Field(max_length=200)


class WirePlan(BaseModel):
    items: list[WirePlanItem] = Field(min_length=1, max_length=40)


class WireRubricPoint(BaseModel):
    point: str = Field(min_length=1, max_length=300)
    synonyms: list[str] = Field(max_length=12)


class WireQuestion(BaseModel):
    text: str = Field(min_length=5, max_length=1000)
    rubric: list[WireRubricPoint] = Field(min_length=3, max_length=6)


class WireEvidence(BaseModel):
    point: str
    quote: str


class WireEvaluation(BaseModel):
    correctness: float = Field(ge=0, le=5)
    depth: float = Field(ge=0, le=5)
    clarity: float = Field(ge=0, le=5)
    relevance: float = Field(ge=0, le=5)
    evidence: list[WireEvidence]
    matched_points: list[str]
    missing_points: list[str]
    comment: str = Field(min_length=1, max_length=800)


class WireFollowUp(BaseModel):
    ask: bool
    question: str = Field(max_length=400)


class WireReport(BaseModel):
    report: str = Field(min_length=1, max_length=4000)


@functools.cache
def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form OpenAI's strict mode accepts: every property required,
    no additional properties, no titles or defaults.

    Built once per model and shared (do not modify it): pydantic's schema generation took ~10% of the
    event loop at 300 concurrent interviews when every LLM call rebuilt it.
    """
    schema = copy.deepcopy(model.model_json_schema())

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            node.pop('title', None)
            node.pop('default', None)
            if node.get('type') == 'object' and 'properties' in node:
                node['required'] = list(node['properties'])
                node['additionalProperties'] = False
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return schema


@functools.cache
def strict_json_schema_text(model: type[BaseModel]) -> str:
    """strict_json_schema as JSON text (it goes into every prompt's instructions), made once per model."""
    return json.dumps(strict_json_schema(model))

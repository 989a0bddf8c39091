"""Turning untrusted dicts into validated input models with one clear error."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.errors import Invalid

M = TypeVar('M', bound=BaseModel)


def parse_input(model: type[M], data: M | dict[str, Any]) -> M:
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Invalid.from_validation(exc) from None

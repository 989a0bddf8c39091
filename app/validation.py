"""Turning untrusted dicts into validated input models with one clear error."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from app.errors import Invalid

M = TypeVar('M', bound=BaseModel)


def parse_input(model: type[M], data: M | dict[str, Any]) -> M:
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Invalid.from_validation(exc) from None


# Ids are INTEGER columns: PostgreSQL's int4 ends at 2**31 - 1, so a larger id is refused (422) where
# it comes in, never sent to the driver (an out-of-range error there is a 500).
MAX_ID = 2**31 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]

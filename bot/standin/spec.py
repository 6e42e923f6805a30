"""The Bot API 10.1 method list as data, and the check of a request's parameters against it."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

ARRAY_PREFIX = "Array of "

# PTB's Defaults add these to every request of a family (parse_mode even to editMessageReplyMarkup and
# sendDice). Telegram ignores unknown parameters, so the stand-in lets these pass where they do not apply.
PTB_DEFAULT_PARAMETERS = frozenset(
    {
        "parse_mode",
        "explanation_parse_mode",
        "text_parse_mode",
        "question_parse_mode",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
    }
)


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request, as the stand-in received it."""

    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class FieldSpec:
    """One parameter of a method, or one field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class ObjectSpec:
    """A method (its parameters) or a type (its fields, or the subtypes it stands for)."""

    name: str
    fields: Mapping[str, FieldSpec]
    subtypes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BotApiSpec:
    """The methods and types of one Bot API version."""

    version: str
    methods: Mapping[str, ObjectSpec]
    types: Mapping[str, ObjectSpec]


class SpecViolation(Exception):
    """A request that Telegram would refuse with 400 before looking at its meaning."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


def _object_spec(raw: Mapping[str, Any]) -> ObjectSpec:
    fields = {
        f["name"]: FieldSpec(name=f["name"], types=tuple(f["types"]), required=bool(f["required"]))
        for f in raw.get("fields", [])
    }
    return ObjectSpec(name=raw["name"], fields=fields, subtypes=tuple(raw.get("subtypes", ())))


@cache
def load_spec() -> BotApiSpec:
    """Read the machine-readable Bot API spec shipped as package data of `bot`."""
    text = resources.files("bot").joinpath("standin", "bot-api-spec.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    return BotApiSpec(
        version=raw["version"],
        methods={name: _object_spec(m) for name, m in raw["methods"].items()},
        types={name: _object_spec(t) for name, t in raw["types"].items()},
    )


def drop_inapplicable_defaults(method: ObjectSpec, params: Mapping[str, object]) -> dict[str, object]:
    """Leave out the parameters PTB's Defaults added to a method that has no such parameter."""
    return {k: v for k, v in params.items() if k in method.fields or k not in PTB_DEFAULT_PARAMETERS}


def check_parameters(spec: BotApiSpec, method: ObjectSpec, params: Mapping[str, object]) -> None:
    """Raise SpecViolation when a parameter is unknown, missing or of the wrong type."""
    for name in params:
        if name not in method.fields:
            raise SpecViolation(f"unknown parameter {name}")
    for field in method.fields.values():
        if field.name not in params:
            if field.required:
                raise SpecViolation(f"parameter {field.name} is required")
            continue
        problem = _problem_with(spec, field.types, params[field.name])
        if problem is not None:
            raise SpecViolation(f"can't parse parameter {field.name}: {problem}")


def _problem_with(spec: BotApiSpec, types: tuple[str, ...], value: object) -> str | None:
    """Say why `value` is none of `types`, or None when it is one of them."""
    problems = [_problem_with_type(spec, t, value) for t in _closest_first(spec, types, value)]
    if any(p is None for p in problems):
        return None
    # The first candidate is the one the value resembles most, so its complaint is the useful one.
    return problems[0]


def _closest_first(spec: BotApiSpec, types: tuple[str, ...], value: object) -> list[str]:
    if not isinstance(value, dict):
        return list(types)

    def overlap(type_name: str) -> int:
        obj = spec.types.get(type_name)
        return -len(value.keys() & obj.fields.keys()) if obj else 0

    return sorted(types, key=overlap)


def _problem_with_type(spec: BotApiSpec, type_name: str, value: object) -> str | None:
    if type_name.startswith(ARRAY_PREFIX):
        if not isinstance(value, list):
            return f"expected {type_name}"
        inner = (type_name.removeprefix(ARRAY_PREFIX),)
        for item in value:
            problem = _problem_with(spec, inner, item)
            if problem is not None:
                return problem
        return None
    scalar_ok = _SCALARS.get(type_name)
    if scalar_ok is not None:
        return None if scalar_ok(value) else f"expected {type_name}, got {type(value).__name__}"
    obj = spec.types.get(type_name)
    if obj is None:
        return f"unknown type {type_name}"
    if obj.subtypes:
        return _problem_with(spec, obj.subtypes, value)
    if not isinstance(value, dict):
        return f"expected {type_name} object, got {type(value).__name__}"
    for key in value:
        if key not in obj.fields:
            return f"unknown field {key} in {type_name}"
    for field in obj.fields.values():
        if field.name not in value:
            if field.required:
                return f"field {field.name} of {type_name} is required"
            continue
        problem = _problem_with(spec, field.types, value[field.name])
        if problem is not None:
            return f"{type_name}.{field.name}: {problem}"
    return None


def _is_int(value: object) -> bool:
    # bool is an int subclass in Python, but Telegram refuses true/false where it wants a number.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_float(value: object) -> bool:
    return _is_int(value) or isinstance(value, float)


def _is_upload(value: object) -> bool:
    return isinstance(value, Upload)


_SCALARS: dict[str, Callable[[object], bool]] = {
    "Integer": _is_int,
    "String": _is_str,
    "Boolean": _is_bool,
    "Float": _is_float,
    "InputFile": _is_upload,
}

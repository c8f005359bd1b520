"""What a journey's step sends and keeps, as pure functions: placeholders filled from the iteration's
values, values picked out of a JSON answer or a URL. The Locust user in `users.py` calls these."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import TypeAlias, TypeVar
from urllib.parse import quote

from postdeploy.profile.load import PLACEHOLDER

__all__ = ["fill_form", "fill_path", "fill_payload", "json_values", "url_value"]

Scalar: TypeAlias = str | int | float
"""A value a step extracts (ids, slugs, amounts) or the profile's [load].values offers."""
Values: TypeAlias = dict[str, Scalar]
# A payload as the profile writes it (read-only, so a step's dict[str, str] form fits) and as it is sent.
Payload: TypeAlias = "str | int | float | bool | Sequence[Payload] | Mapping[str, Payload] | None"
JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
T = TypeVar("T")


def fill_path(path: str, values: Values) -> str:
    """`/classes/{slug}?q={term}` with each value URL-quoted (a search term may hold spaces or &)."""
    return PLACEHOLDER.sub(lambda m: quote(str(values[m.group(1)]), safe=""), path)


def fill_payload(payload: Payload, values: Values) -> JsonValue:
    """A JSON or form payload with its placeholders filled. A string that is one placeholder takes the
    value as it is (a number stays a number in JSON); others are filled as text."""
    if isinstance(payload, str):
        whole = PLACEHOLDER.fullmatch(payload)
        if whole:
            return values[whole.group(1)]
        return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), payload)
    if isinstance(payload, Mapping):
        return {key: fill_payload(value, values) for key, value in payload.items()}
    if isinstance(payload, Sequence):  # a TOML array (a list); a string was filled above
        return [fill_payload(value, values) for value in payload]
    return payload


def fill_form(form: Mapping[str, str], values: Values) -> dict[str, str]:
    """A form's fields with their placeholders filled, every value as text (a form has no numbers)."""
    return {key: str(fill_payload(value, values)) for key, value in form.items()}


def json_values(document: object, path: str) -> list[Scalar]:
    """Scalars at a dotted path: `items.*.slug` (every item), `sessions.0.id`, `*.id` for a top-level list."""
    found = [document]
    for part in path.split(".") if path else []:
        step: list[object] = []
        for node in found:
            if part == "*":
                step += node if isinstance(node, list) else list(node.values()) if isinstance(node, dict) else []
            elif isinstance(node, dict) and part in node:
                step.append(node[part])
            elif isinstance(node, list) and part.lstrip("-").isdigit() and -len(node) <= int(part) < len(node):
                step.append(node[int(part)])
        found = step
    return [value for value in found if isinstance(value, str | int | float) and not isinstance(value, bool)]


def url_value(url: str, pattern: str) -> str | None:
    """The first group of `pattern` in `url` (e.g. the id in a redirect's /orders/123), or None."""
    match = re.search(pattern, url)
    return match.group(1) if match else None


def pick(candidates: Sequence[T], rng: random.Random | None = None) -> T:
    """One of several extracted values, as a visitor picks one item of a list."""
    return (rng or random).choice(candidates)

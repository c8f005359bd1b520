"""Dotted paths into parsed JSON ("build.sha", "checks.0.state"): how profiles point at a field."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["MISSING", "dotted_get"]

MISSING: Final = object()


def dotted_get(data: Any, dotted: str) -> Any:
    """The value at `dotted` in `data`, or MISSING; list items by index ("0", "-1"). "" is `data` itself."""
    node: Any = data
    for part in dotted.split(".") if dotted else []:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.lstrip("-").isdigit() and -len(node) <= int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node

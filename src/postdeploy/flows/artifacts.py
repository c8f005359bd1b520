"""Failure artifacts made safe: a Playwright trace rewritten with secrets masked.

Traces record `fill()` values, request bodies and headers (cookies); nothing leaves the machine
before this runs over it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from postdeploy.redact import MASK, SENSITIVE_HEADERS, Redactor, secret_variants

_COOKIE_LISTS = ("cookies",)


def _mask_headers(node: Any) -> Any:
    """Walk a trace event: header and cookie entries ({name, value}) with sensitive names get masked."""
    if isinstance(node, dict):
        name = node.get("name")
        if isinstance(name, str) and "value" in node and name.lower() in SENSITIVE_HEADERS:
            return {**node, "value": MASK}
        out = {}
        for key, value in node.items():
            if key in _COOKIE_LISTS and isinstance(value, list):
                out[key] = [{**c, "value": MASK} if isinstance(c, dict) and "value" in c else c for c in value]
            else:
                out[key] = _mask_headers(value)
        return out
    if isinstance(node, list):
        return [_mask_headers(item) for item in node]
    return node


def _redact_text(text: str, name: str, redactor: Redactor) -> str:
    if name.endswith((".trace", ".network")):
        lines = []
        for line in text.splitlines():
            with contextlib.suppress(ValueError):
                line = json.dumps(_mask_headers(json.loads(line)), separators=(",", ":"))
            lines.append(line)
        text = "\n".join(lines) + ("\n" if text.endswith("\n") else "")
    return redactor.text(text)


def redact_trace(path: str | Path, secrets: Iterable[str] = (), redactor: Redactor | None = None) -> None:
    """Rewrite the trace zip in place: secrets (and their encodings), cookies and auth headers masked."""
    redactor = Redactor(secret_variants(secrets)) if redactor is None else redactor
    redactor.add(*secret_variants(secrets))
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp_name, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    target.writestr(info, data)  # images: a password field renders as dots
                    continue
                target.writestr(info, _redact_text(text, info.filename, redactor).encode("utf-8"))
        os.replace(tmp_name, path)
    finally:
        if os.path.exists(tmp_name):
            os.remove(tmp_name)


def trace_contains(path: str | Path, needle: str) -> bool:
    """Whether any entry of the trace zip contains the text (used by the redaction self-tests)."""
    raw = needle.encode("utf-8")
    with zipfile.ZipFile(path) as trace:
        return any(raw in trace.read(info) for info in trace.infolist())

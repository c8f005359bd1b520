"""Attach evidence to the Allure report, redacted; a no-op outside an Allure run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import allure
import httpx

from postdeploy.findings import Finding
from postdeploy.redact import Redactor

EVIDENCE_BODY_BYTES = 1024


@dataclass(frozen=True)
class Exchange:
    """A request and its response, redacted, ready to attach to a report."""

    method: str
    url: str
    request_headers: list[tuple[str, str]]
    status: int
    response_headers: list[tuple[str, str]]
    body_head: str
    elapsed_ms: float

    def as_text(self) -> str:
        lines = [f"{self.method} {self.url}"]
        lines += [f"{k}: {v}" for k, v in self.request_headers]
        lines += ["", f"HTTP {self.status}  ({self.elapsed_ms:.0f} ms)"]
        lines += [f"{k}: {v}" for k, v in self.response_headers]
        lines += ["", self.body_head]
        return "\n".join(lines)


def exchange_of(response: httpx.Response, redactor: Redactor | None = None) -> Exchange:
    redactor = redactor or Redactor()
    request = response.request
    try:
        raw = response.content[:EVIDENCE_BODY_BYTES]
    except httpx.ResponseNotRead:
        raw = b""
    try:
        elapsed = response.elapsed.total_seconds() * 1000
    except RuntimeError:
        elapsed = 0.0
    return Exchange(
        method=request.method,
        url=redactor.text(str(request.url)),
        request_headers=redactor.headers(request.headers.multi_items()),
        status=response.status_code,
        response_headers=redactor.headers(response.headers.multi_items()),
        body_head=redactor.text(raw.decode("utf-8", errors="replace")),
        elapsed_ms=elapsed,
    )


class Evidence:
    """What a test hands the report: exchanges, findings, text. Everything passes the redactor."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor

    def response(self, response: httpx.Response, name: str | None = None) -> None:
        exchange = exchange_of(response, self.redactor)
        allure.attach(
            exchange.as_text(),
            name=name or f"{exchange.method} {exchange.url} → {exchange.status}",
            attachment_type=allure.attachment_type.TEXT,
        )

    def findings(self, findings: list[Finding], name: str = "findings") -> None:
        if findings:
            self.json(name, [f.as_dict() for f in findings])

    def json(self, name: str, data: Any) -> None:
        text = self.redactor.text(json.dumps(data, indent=2, default=str))
        allure.attach(text, name=name, attachment_type=allure.attachment_type.JSON)

    def text(self, name: str, text: str) -> None:
        allure.attach(self.redactor.text(text), name=name, attachment_type=allure.attachment_type.TEXT)

    def file(self, path: str, name: str, attachment_type: Any, extension: str | None = None) -> None:
        # Files (screenshots, traces, Lighthouse HTML) are redacted at the source that writes them.
        allure.attach.file(  # type: ignore[no-untyped-call]
            path, name=name, attachment_type=attachment_type, extension=extension
        )

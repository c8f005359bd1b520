"""Attach evidence to the Allure report, redacted; a no-op outside an Allure run."""

from __future__ import annotations

import json
from typing import Any

import allure
import httpx

from postdeploy.findings import Finding
from postdeploy.http import exchange_of
from postdeploy.redact import Redactor


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

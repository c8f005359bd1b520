"""Reports: run context for Allure, the single-file Allure report with history, and the CI summary."""

from __future__ import annotations

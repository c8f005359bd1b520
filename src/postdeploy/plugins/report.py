"""pytest wiring for the report layer (fixtures and hooks only; logic lives in the core library)."""

from __future__ import annotations

"""pytest wiring for the e2e layer (fixtures and hooks only; logic lives in the core library)."""

from __future__ import annotations

"""pytest wiring for the security layer (fixtures and hooks only; logic lives in the core library)."""

from __future__ import annotations

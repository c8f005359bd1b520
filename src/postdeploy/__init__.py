"""postdeploy: post-deploy verification and load-testing suite driven by pytest markers."""

from __future__ import annotations

from postdeploy.findings import Finding, Severity

__version__ = "0.1.0"

__all__ = ["Finding", "Severity", "__version__"]

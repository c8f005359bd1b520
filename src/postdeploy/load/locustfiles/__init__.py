"""postdeploy's locustfile, shipped in the package: `locust -f "$(python -m postdeploy.load.locustfiles)"`
runs the load layer in a repository that installed postdeploy (this repository's `load/` imports it).

A folder of its own: Locust puts a locustfile's folder on sys.path, where this one shadows nothing.
"""

from __future__ import annotations

from pathlib import Path

LOCUSTFILE = Path(__file__).with_name("locustfile.py")

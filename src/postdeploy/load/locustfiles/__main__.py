"""`python -m postdeploy.load.locustfiles` prints the packaged locustfile's path, for `locust -f`."""

from __future__ import annotations

from postdeploy.load.locustfiles import LOCUSTFILE

print(LOCUSTFILE)

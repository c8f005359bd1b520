"""postdeploy's load run: the one LoadTestShape (driven by --shape) and the SLA gate's wiring, from the
packaged locustfile (postdeploy.load.locustfiles), which a repository that installed postdeploy runs as is.

locust -f load/ --headless --host http://127.0.0.1:8000 --shape smoke --target targets/demo.toml
"""

from __future__ import annotations

from postdeploy.load.locustfiles.locustfile import StagedShape

__all__ = ["StagedShape"]

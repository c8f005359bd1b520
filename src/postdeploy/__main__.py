"""`python -m postdeploy`: same as the `postdeploy` command."""

from __future__ import annotations

from postdeploy.cli import main

raise SystemExit(main())

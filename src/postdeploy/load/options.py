"""The load run's command-line options, added to Locust's parser (its init_command_line_parser event)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import ArgumentParser


def add_options(parser: ArgumentParser) -> None:
    """Our command-line options, added through Locust's init_command_line_parser event (its parser, a
    LocustArgumentParser, is a configargparse parser: an argparse.ArgumentParser, which has the types)."""
    group = parser.add_argument_group("postdeploy", "postdeploy load profiles, SLA gate and guard rails")
    group.add_argument(
        "--shape",
        default=os.environ.get("POSTDEPLOY_LOAD_SHAPE", "smoke"),
        help="load shape from the SLA file: smoke, ramp, spike, soak, stress, breakpoint (default: smoke)",
    )
    group.add_argument(
        "--target",
        default=os.environ.get("POSTDEPLOY_TARGET"),
        help="target profile TOML (allowlist, bounds, journeys); default: the built-in generic profile",
    )
    group.add_argument("--sla-file", default=None, help="shapes and SLAs (default: the profile's [load].sla_file)")
    group.add_argument(
        "--arrival-rate",
        type=float,
        default=None,
        help="open model: target iterations/s across all users; late slots are reported as dropped",
    )
    group.add_argument("--allow-production", action="store_true", help="allow a load run on a production target")
    group.add_argument(
        "--allow-destructive",
        action="store_true",
        help="include the journeys that write data (writes = true) on a production target",
    )
    group.add_argument(
        "--reports-dir",
        default=os.environ.get("POSTDEPLOY_REPORTS", "reports"),
        help="reports folder: load/ (HTML, CSV, summary) and allure-results/ go under it (default: reports)",
    )

"""`python -m postdeploy.load --help`: Locust's help with postdeploy's options (--shape, --target, …).

Locust 2.x prints `locust -f load/ --help` before it imports the locustfiles, so options added by
the init_command_line_parser event only show here and in the web UI; they work on the command line.
"""

from __future__ import annotations

import sys

from locust import events
from locust.argument_parser import get_parser

from postdeploy.load.options import add_options


def main(argv: list[str]) -> int:
    events.init_command_line_parser.add_listener(add_options)
    get_parser().parse_args(["--help", *argv])  # argparse prints the help and exits
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""memcalc: `python main.py` opens the window; `python main.py estimate ...` predicts and
`python main.py probe ...` measures on this machine's GPU (the command line)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "estimate":
        from core.cli.estimate import run_estimate

        return run_estimate(args[1:])
    if args and args[0] == "probe":
        from core.cli.probe import run_probe_cli

        return run_probe_cli(args[1:])
    from gui.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())

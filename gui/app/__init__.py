"""Starting the application: QApplication, language, fonts, the error sink, resources, smoke test."""

from __future__ import annotations

__all__ = ["run_app"]


def run_app(args: list[str]) -> int:
    """Open the window (or render it, with --screenshot / --smoke-test); the exit status."""
    from .launch import run_app as run

    return run(args)

"""Starting the application: QApplication, language, fonts, the error sink, resources, smoke test."""

from __future__ import annotations

import gc
import multiprocessing

from . import collector

__all__ = ["run_app"]


def run_app(args: list[str]) -> int:
    """Open the window (or render it, with --screenshot / --smoke-test); the exit status."""
    multiprocessing.freeze_support()  # a bundle's estimate process starts as this program: serve, then exit
    collector.pause()  # until the window is up (launch resumes it)
    try:
        from .launch import run_app as run

        return run(args)
    finally:
        gc.enable()

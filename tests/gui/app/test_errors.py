"""One sink for unexpected errors: slots and threads report to it, and the app keeps running."""

import sys
import threading

from gui.app.errors import ErrorSink, install_excepthooks


def test_excepthooks_report_and_keep_running(qtbot):
    seen = []
    sink = ErrorSink(show=lambda summary, details: seen.append((summary, details)))
    restore = install_excepthooks(sink)
    try:
        try:
            raise ValueError("boom in a slot")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: len(seen) == 1)
        assert seen[0][0] == "ValueError: boom in a slot"
        assert "Traceback" in seen[0][1]

        def fail():
            raise RuntimeError("boom in a thread")

        worker = threading.Thread(target=fail)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(seen) == 2)  # delivered on the GUI thread through a queued signal
        assert seen[1][0] == "RuntimeError: boom in a thread"
    finally:
        restore()

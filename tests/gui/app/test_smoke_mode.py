"""The smoke-test mode a bundle runs in CI: all checks pass here, and a failure shows."""

import subprocess
import sys

from gui.app.smoke import report
from tests import support

ROOT = support.ROOT


def test_smoke_test_mode_passes_and_writes_the_png(tmp_path):
    png = tmp_path / "smoke.png"
    proc = subprocess.run(
        [sys.executable, "main.py", "--smoke-test", str(png)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [line.split()[1] for line in proc.stdout.splitlines()] == ["estimate:", "trace:", "window:", "resources:",
                                                                         "torch:"]
    assert png.stat().st_size > 10_000


def test_a_failing_check_fails_the_smoke_test(capsys):
    def broken() -> str:
        raise RuntimeError("no luck")

    assert report([("fine", lambda: "ok"), ("broken", broken)]) == 1
    out = capsys.readouterr().out
    assert "ok    fine: ok" in out and "FAIL  broken: RuntimeError: no luck" in out

"""Startup cost: `python main.py --screenshot X` (launch to PNG written) against `python -c "import torch"`.

Prints both medians and their ratio beside issue 24's target (at most TARGET x `import torch`)
and whether it is met; the window must never import torch on its way up. The two are timed in
turns, so that a machine whose load changes weighs on both alike. Both run as an installed app
runs, with Python's bytecode cache (an environment that sets PYTHONDONTWRITEBYTECODE made the
window compile its hundred modules at every start, and never torch's, which pip compiled): an
untimed first start writes it.
Usage: python bench/startup.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.4


def _timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(runs: int = 5) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": tmp}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        shot = str(Path(tmp) / "shot.png")
        _timed([sys.executable, "main.py", "--screenshot", shot], env)
        window, torch = [], []
        for _ in range(runs):
            window.append(_timed([sys.executable, "main.py", "--screenshot", shot], env))
            torch.append(_timed([sys.executable, "-c", "import torch"], env))
        if not Path(shot).is_file():
            print("no screenshot written", file=sys.stderr)
            return 1
    w, t = statistics.median(window), statistics.median(torch)
    print(f"window to PNG: median {w:.2f} s over {runs} runs")
    print(f"import torch:  median {t:.2f} s over {runs} runs")
    print(f"ratio window / import torch: {w / t:.2f}")
    print(f"target: ratio <= {TARGET}: {w / t:.2f}, {'met' if w / t <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))

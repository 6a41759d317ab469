"""What the tests share: fakes, tiny datasets in the real formats, and where things are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

"""Start-up: pyqtgraph imported lean (gui.app.lean_pyqtgraph): the same classes behind its Qt mirrors, no
CUDA bindings, and PySide6's modules listing all their names again afterwards. In a fresh
interpreter: this one imported pyqtgraph long ago."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

CHECK = textwrap.dedent("""
    import sys
    import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
    listed = {m: set(dir(m)) for m in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets)}
    import gui
    from gui.app.lean_pyqtgraph import installed
    assert installed()
    import pyqtgraph as pg
    from pyqtgraph.Qt import QtCore, QtGui, QtWidgets
    assert QtWidgets.QGraphicsObject is PySide6.QtWidgets.QGraphicsObject
    assert QtGui.QPainterPath is PySide6.QtGui.QPainterPath and QtCore.Qt is PySide6.QtCore.Qt
    from pyqtgraph.Qt.QtWidgets import QGraphicsTextItem
    assert QGraphicsTextItem is PySide6.QtWidgets.QGraphicsTextItem
    assert not [name for name in sys.modules if name == "cuda" or name.startswith("cuda.")]
    assert "cuda" not in sys.modules  # importable again for whoever wants it
    assert {m: set(dir(m)) for m in listed} == listed
    assert pg.BarGraphItem and pg.PlotWidget
    print("ok")
""")


def test_pyqtgraph_imports_lean_and_whole():
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_pyside6_no_longer_reads_the_source_of_each_module_imported():
    import gui  # noqa: F401  (applies it)
    from gui.app.qt_compat import skip_feature_scan

    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside(sys.modules["gui"]) is False
    assert skip_feature_scan()

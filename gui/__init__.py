"""memcalc's Qt window. Importing it applies the PySide6 None-refcount guard (see app.qt_compat)
and imports pyqtgraph lean when it is first imported (see app.lean_pyqtgraph); PySide6 no longer
reads the source of each module imported after it (app.qt_compat.skip_feature_scan).

Packages, from the top: app (start-up), window (the main window), inputs, views, measure and
samples (what the window shows), model (the inputs, the estimate and the measurement that
every view follows), and workers (jobs off the GUI thread)."""

from .app.lean_pyqtgraph import install as _lean_pyqtgraph
from .app.qt_compat import protect_none, skip_feature_scan

protect_none()
skip_feature_scan()
_lean_pyqtgraph()

"""memcalc's Qt window. Importing it applies the PySide6 None-refcount guard (see qt_compat)."""

from .qt_compat import protect_none

protect_none()

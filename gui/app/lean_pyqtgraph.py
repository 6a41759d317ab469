"""Importing pyqtgraph without what the window never uses: a third of the window's start-up.

`import pyqtgraph` (0.14) spends most of its time on two things memcalc does not need:

- `pyqtgraph.Qt` mirrors PySide6's QtCore, QtGui and QtWidgets into modules of its own by
  touching every name they list, and PySide6 creates each class (and its enums) on first touch:
  hundreds of classes the window never uses. Here the mirrors copy only what PySide6 has made so
  far and look every other name up when pyqtgraph first asks for it (PEP 562 `__getattr__`), so
  a class is made when it is used, as PySide6 intends.
- `pyqtgraph.widgets.RawImageWidget` imports CUDA's Python bindings when they are installed
  (torch brings them): the window never draws raw images on a GPU, so pyqtgraph sees them as
  absent while it imports.

`install()` puts a finder first in `sys.meta_path` that does this around pyqtgraph's own import,
whoever imports it first, and leaves it as it was after. Anything it does not recognise (another
pyqtgraph, a PySide6 without lazy modules, pyqtgraph already imported) leaves the import as it
always was: only the time differs, never what pyqtgraph holds.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from types import ModuleType

__all__ = ["MIRRORS", "install", "installed"]

MIRRORS = {"pyqtgraph.Qt.QtCore": "PySide6.QtCore", "pyqtgraph.Qt.QtGui": "PySide6.QtGui",
           "pyqtgraph.Qt.QtWidgets": "PySide6.QtWidgets"}
"""pyqtgraph's mirror module: the PySide6 module it mirrors."""
_HIDDEN = ("cuda",)
"""Packages pyqtgraph imports only for what the window does not use."""


class _Loader(importlib.abc.Loader):
    def __init__(self, real: importlib.abc.Loader, name: str) -> None:
        self.real, self.name = real, name

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        if self.name == "pyqtgraph":
            with _short_dirs(), _hidden(_HIDDEN):
                self.real.exec_module(module)
            return
        self.real.exec_module(module)
        source = sys.modules[MIRRORS[self.name]]

        def __getattr__(name: str) -> object:
            value = getattr(source, name)
            setattr(module, name, value)
            return value

        setattr(module, "__getattr__", __getattr__)  # noqa: B010  (PEP 562: the module's own)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != "pyqtgraph" and fullname not in MIRRORS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not _lazy_pyside():
            return spec
        spec.loader = _Loader(spec.loader, fullname)
        return spec


def _lazy_pyside() -> bool:
    """Whether PySide6's modules list names they have not made yet (a `__dir__` of their own)."""
    modules = [sys.modules.get(name) or importlib.import_module(name) for name in MIRRORS.values()]
    return all("__dir__" in vars(m) for m in modules)


@contextmanager
def _short_dirs() -> Iterator[None]:
    """PySide6's modules list only the names they have made, while pyqtgraph copies them."""
    modules = [sys.modules[name] for name in MIRRORS.values()]
    saved = [vars(m)["__dir__"] for m in modules]
    for m in modules:
        setattr(m, "__dir__", partial(_made, m))  # noqa: B010
    try:
        yield
    finally:
        for m, listing in zip(modules, saved):
            setattr(m, "__dir__", listing)  # noqa: B010


def _made(module: ModuleType) -> list[str]:
    return list(vars(module))


@contextmanager
def _hidden(packages: tuple[str, ...]) -> Iterator[None]:
    """`packages` cannot be imported (ImportError), unless already imported."""
    hidden = [name for name in packages if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_FINDER = _Finder()


def install() -> None:
    """Import pyqtgraph lean from now on (nothing changes once it is imported)."""
    if "pyqtgraph" not in sys.modules and _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def installed() -> bool:
    return _FINDER in sys.meta_path

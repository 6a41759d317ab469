"""Tabs built the first time they are shown or asked for: the window's first frame shows the
overview, and the tabs behind it (the per-layer chart, the max batch search, this machine) cost
a third of building the window.

A lazy tab holds an empty page until then; its widget, once built, takes the page's place at the
same index, so that `tabs.indexOf(widget)`, `setCurrentWidget(widget)` and `currentWidget()`
work on it as on any tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

__all__ = ["LazyTabs"]


class LazyTabs(QObject):
    widgetBuilt = Signal(str, QWidget)  # (key, the widget now in its tab)

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self._builders: dict[str, Callable[[], QWidget]] = {}
        self._pages: dict[str, QWidget] = {}  # the empty page standing in, or the widget once built
        self._built: dict[str, QWidget] = {}
        tabs.currentChanged.connect(self._on_current)  # before the window's own receivers

    def add(self, key: str, build: Callable[[], QWidget]) -> QWidget:
        """A tab for `key` at the end, built by `build()` when first shown; returns its page."""
        page = QWidget()
        self._builders[key], self._pages[key] = build, page
        self.tabs.addTab(page, "")
        return page

    def widget(self, key: str) -> QWidget:
        """The tab's widget, built now if it was not yet."""
        if key not in self._built:
            self._build(key)
        return self._built[key]

    def built(self, key: str) -> QWidget | None:
        """The tab's widget if it was built; None while its tab was never shown nor asked for."""
        return self._built.get(key)

    def _on_current(self, index: int) -> None:
        page = self.tabs.widget(index)
        for key, stand_in in self._pages.items():
            if stand_in is page and key not in self._built:
                self._build(key)
                return

    def _build(self, key: str) -> None:
        widget = self._builders[key]()
        self._built[key] = widget
        page = self._pages[key]
        index = self.tabs.indexOf(page)
        if index >= 0:
            current, text = self.tabs.currentIndex(), self.tabs.tabText(index)
            blocked = self.tabs.blockSignals(True)  # the page changes, not the tab shown
            try:
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, widget, text)
                self.tabs.setCurrentIndex(current)
            finally:
                self.tabs.blockSignals(blocked)
            page.deleteLater()
        self._pages[key] = widget
        self.widgetBuilt.emit(key, widget)

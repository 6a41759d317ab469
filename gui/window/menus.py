"""The window's menus and tool bar: File, View, Language, Measure, Help, and their actions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

__all__ = ["WindowMenus"]


class WindowMenus(QObject):
    """`window` is the MainWindow: its model, languages, measuring and the handlers the actions call."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        model = window.model
        K = QKeySequence.StandardKey
        self.act_png = self._action(window.ask_export_png, "Ctrl+E")
        self.act_json = self._action(window.ask_export_json, K.Save)
        self.act_csv = self._action(window.ask_export_csv, "Ctrl+Shift+S")
        self.act_copy = self._action(window.copy_summary, "Ctrl+Shift+C")
        self.act_memory_viz = self._action(window.ask_export_memory_viz)
        self.act_snapshot = self._action(window.ask_compare_snapshot)
        self.act_quit = self._action(window.close, K.Quit)
        self.act_double = self._action(lambda: model.inputs.scale_batch(2), "Ctrl+Up")
        self.act_halve = self._action(lambda: model.inputs.scale_batch(0.5), "Ctrl+Down")
        self.act_gib = self._action(lambda: model.display.set_binary(True))
        self.act_gb = self._action(lambda: model.display.set_binary(False))
        units = QActionGroup(self)
        for act in (self.act_gib, self.act_gb):
            act.setCheckable(True)
            units.addAction(act)
        self.act_workspace = self._action(lambda: model.display.set_show_workspace(self.act_workspace.isChecked()))
        self.act_workspace.setCheckable(True)
        self.language_actions: dict[str, QAction] = {}
        languages = QActionGroup(self)
        names = window.languages.names if window.languages is not None else {}
        for key, name in names.items():
            act = self._action(partial(window.set_language, key))
            act.setText(name)
            act.setCheckable(True)
            languages.addAction(act)
            self.language_actions[key] = act
        self.act_guide = self._action(window.show_guide, K.HelpContents)
        self.act_about = self._action(window.show_about)
        self._build_menus()
        model.display.unitsChanged.connect(self._show_choices)
        model.display.workspaceShownChanged.connect(self._show_choices)
        model.estimate.shownChanged.connect(self._enable_exports)
        model.inputs.stateChanged.connect(self._enable_exports)
        self._show_choices()
        self._enable_exports()

    def _action(self, slot: Callable[[], object], shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
                ) -> QAction:
        action = QAction(self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        window, measuring = self.window, self.window.measuring
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.act_png, self.act_json, self.act_csv, self.act_memory_viz])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_snapshot)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_copy)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions([self.act_double, self.act_halve])
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.act_gib, self.act_gb])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_workspace)
        self.language_menu = bar.addMenu("")
        self.language_menu.addActions(list(self.language_actions.values()))
        self.measure_menu = bar.addMenu("")
        self.measure_menu.addActions([measuring.act_measure, measuring.act_maxbatch, measuring.act_cancel])
        self.measure_menu.addSeparator()
        self.measure_menu.addAction(measuring.act_machine)
        self.help_menu = bar.addMenu("")
        self.help_menu.addActions([self.act_guide, self.act_about])
        self.toolbar = window.addToolBar("measure")
        self.toolbar.setObjectName("measure")
        self.toolbar.addActions([measuring.act_measure, measuring.act_maxbatch, measuring.act_cancel])

    def _show_choices(self, *_: object) -> None:
        model = self.window.model
        (self.act_gib if model.display.binary else self.act_gb).setChecked(True)
        self.act_workspace.setChecked(model.display.show_workspace)
        languages = self.window.languages
        if languages is not None and languages.current in self.language_actions:
            self.language_actions[languages.current].setChecked(True)

    def _enable_exports(self, *_: object) -> None:
        """Only a result that belongs to the inputs on screen is exported or copied."""
        ready = self.window.model.estimate.is_current()
        for act in (self.act_png, self.act_json, self.act_csv, self.act_copy, self.act_memory_viz, self.act_snapshot):
            act.setEnabled(ready)

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.measure_menu.setTitle(self.tr("&Measure"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.act_png.setText(self.tr("Export overview as &PNG…"))
        self.act_json.setText(self.tr("Export estimate as &JSON…"))
        self.act_csv.setText(self.tr("Export components as &CSV…"))
        self.act_copy.setText(self.tr("&Copy summary"))
        self.act_memory_viz.setText(self.tr("Export for PyTorch's &memory viewer…"))
        self.act_snapshot.setText(self.tr("Compare with a memory &snapshot…"))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_double.setText(self.tr("&Double batch size"))
        self.act_halve.setText(self.tr("&Halve batch size"))
        self.act_gib.setText(self.tr("Binary units (Gi&B)"))
        self.act_gb.setText(self.tr("Decimal units (&GB)"))
        self.act_workspace.setText(self.tr("Add the cuBLAS &workspace to the training charts"))
        self.act_guide.setText(self.tr("&Guide"))
        self.act_about.setText(self.tr("&About memcalc"))
        self.toolbar.setWindowTitle(self.tr("Measure"))
        self._show_choices()

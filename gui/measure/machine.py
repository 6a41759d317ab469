"""This machine: the CPU, each CUDA device and the library versions, and a live device memory plot.

The facts come from core.measure.machine's machine_info() and the samples from device_memory(),
both run in workers by the Measurements hub; this widget only draws what it is given. Without a
CUDA device it says what the monitor needs and shows the predicted max batch instead."""

from __future__ import annotations

import html
import time

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core import human_bytes
from core.units import pick_unit

from ..model import CalculatorModel
from ..views.widgets import quiet_plot
from .reasons import unavailable_reason

__all__ = ["MachinePanel"]

HISTORY = 300  # samples kept: five minutes at one a second


class MachinePanel(QWidget):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.facts = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.memory_plot = pg.PlotWidget(background="w")
        plot = quiet_plot(self.memory_plot, 200, fixed=False)
        plot.addLegend(offset=(-10, 10), labelTextColor="k", brush=pg.mkBrush(255, 255, 255, 220))
        self.used_curve = plot.plot(pen=pg.mkPen("#D55E00", width=2), name="used")
        self.free_curve = plot.plot(pen=pg.mkPen("#009E73", width=2), name="free")
        self.gauge = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.gauge)
        layout.addWidget(self.memory_plot, 1)
        layout.addStretch(0)
        self.info: dict | None = None
        self.samples: list[tuple[float, int, int]] = []  # (seconds, used, free)
        self._t0 = time.monotonic()
        self._no_device = False
        self._reason = ""
        model.display.unitsChanged.connect(self._draw_samples)
        model.estimate.shownChanged.connect(self._show_gauge)
        self.retranslate()

    def set_measuring_available(self, available: bool, reason: str) -> None:
        """Without a usable device the monitor has nothing to watch: it says so instead."""
        if not available:
            self._no_device, self._reason = True, reason
            self._show_gauge()

    def set_info(self, info: dict) -> None:
        self.info = info
        self._show_info()

    def add_sample(self, sample: tuple[int, int, int] | None) -> None:
        if sample is None:
            self._no_device = True
            self._show_gauge()
            return
        used, free, _total = sample
        self.samples = [*self.samples[-(HISTORY - 1):], (time.monotonic() - self._t0, used, free)]
        self._draw_samples()

    def _show_gauge(self, *_: object) -> None:
        self.memory_plot.setVisible(bool(self.samples))
        if self.samples:
            return
        if not self._no_device:
            self.gauge.setText(self.tr("Device memory: waiting for the first sample…"))
            return
        text = self.tr("The live device memory monitor needs a CUDA device; here: {reason}.").format(
            reason=unavailable_reason(self._reason or "no CUDA device"))
        e = self.model.estimate.shown
        if e is not None:
            text += "<br>" + self.tr("Predicted for {gpu}: max batch <b>{max}</b>, recommended <b>{rec}</b>.").format(
                gpu=html.escape(e.config.gpu_spec.name), max=f"{e.max_batch_size:,}",
                rec=f"{e.recommended_batch_size:,}")
        self.gauge.setText(text)

    def _draw_samples(self, *_: object) -> None:
        self._show_gauge()
        if not self.samples:
            return
        t0 = self.samples[0][0]
        scale, unit = pick_unit(max(max(u, f) for _, u, f in self.samples), self.model.display.binary)
        xs = [t - t0 for t, _, _ in self.samples]
        self.used_curve.setData(xs, [u / scale for _, u, _ in self.samples])
        self.free_curve.setData(xs, [f / scale for _, _, f in self.samples])
        self.memory_plot.setLabel("left", self.tr("Memory ({unit})").format(unit=unit))
        _now, used, free = self.samples[-1]
        self.gauge.setText(self.tr("Device memory now: {used} used, {free} free").format(
            used=human_bytes(used, self.model.display.binary), free=human_bytes(free, self.model.display.binary)))

    def _show_info(self) -> None:
        info = self.info
        if info is None:
            self.facts.setText(self.tr("Reading this machine's facts…"))
            return
        cpu = info["cpu"]
        unknown = self.tr("unknown")
        rows = [(self.tr("CPU"), cpu.get("model") or unknown),
                (self.tr("Cores / threads"), f"{cpu.get('cores') or unknown} / {cpu.get('threads') or unknown}"),
                (self.tr("Python"), info.get("python") or unknown),
                (self.tr("PyTorch"), info.get("torch") or self.tr("not installed")),
                (self.tr("CUDA"), info.get("cuda") or "—"), (self.tr("cuDNN"), str(info.get("cudnn") or "—"))]
        for gpu in info.get("gpus", []):
            rows.append((self.tr("GPU {i}").format(i=gpu["index"]), self.tr(
                "{name}: {memory}, compute capability {cc} ({arch}), {sms} SMs").format(
                    name=gpu["name"], memory=human_bytes(gpu["total_memory_bytes"], self.model.display.binary),
                    cc=gpu["compute_capability"], arch=gpu["architecture"], sms=gpu["sm_count"])))
        if not info.get("gpus"):
            rows.append((self.tr("GPU"), self.tr("none usable: {reason}").format(
                reason=unavailable_reason(info.get("gpu_note") or "no CUDA device"))))
        body = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(str(v))}</td></tr>"
                       for k, v in rows)
        self.facts.setText(f"<table>{body}</table>")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        plot = self.memory_plot.getPlotItem()
        plot.setTitle(self.tr("Device memory, sampled once a second while this tab or a probe runs"),
                      size="10pt", color="#333")
        plot.setLabel("bottom", self.tr("Seconds"))
        legend = plot.legend
        for (_sample, label), text in zip(legend.items, (self.tr("used"), self.tr("free"))):
            label.setText(text)
        self._show_info()
        self._draw_samples()

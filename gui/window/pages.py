"""The tabs behind the overview, each built (and its module imported) when first shown or asked
for (see lazy_tabs): the first frame shows the overview, and start-up need not pay for them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..model import CalculatorModel

__all__ = ["comparison", "gpus", "layer_builder", "layer_memory", "machine", "max_batch", "remedies", "samples"]


def layer_memory(model: CalculatorModel) -> QWidget:
    from ..views.layer_memory import LayerMemoryView

    return LayerMemoryView(model)


def layer_builder(model: CalculatorModel) -> QWidget:
    from ..inputs.layer_builder import LayerBuilder

    return LayerBuilder(model)


def remedies(model: CalculatorModel) -> QWidget:
    from ..views.remedies import RemediesPanel

    return RemediesPanel(model)


def gpus(model: CalculatorModel) -> QWidget:
    from ..views.gpus import GpuPanel

    return GpuPanel(model)


def samples(model: CalculatorModel, folder: Path | None) -> QWidget:
    """The sample viewer, following `model`, with the image folder chosen (or restored) before."""
    from ..samples.viewer import SampleViewer

    viewer = SampleViewer()
    if folder is not None:
        viewer.set_folder(folder)
    viewer.follow(model)
    return viewer


def comparison(model: CalculatorModel) -> QWidget:
    from ..measure.comparison import ComparisonPanel

    return ComparisonPanel(model)


def max_batch(model: CalculatorModel) -> QWidget:
    from ..measure.max_batch import MaxBatchPanel

    return MaxBatchPanel(model)


def machine(model: CalculatorModel) -> QWidget:
    from ..measure.machine import MachinePanel

    return MachinePanel(model)

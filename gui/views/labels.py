"""Colours and translated names of the memory components and phases, shared by every view, and
the language the engine's formulas are written in."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor

from core import ALL_COMPONENTS, DATASETS, OPTIMIZERS, TrainingConfig

__all__ = ["COLORS", "chart_title", "color", "component_label", "dataset_label", "formula_language", "model_label",
           "naive_label", "optimizer_label", "phase_label", "zero_grad_label"]

translate = QCoreApplication.translate

# Okabe-Ito based, readable for colour-blind users; one colour per component everywhere.
COLORS: dict[str, str] = {
    "parameters": "#0072B2",
    "gradients": "#56B4E9",
    "optimizer_state": "#009E73",
    "input_batch": "#E69F00",
    "activations": "#D55E00",
    "temporaries": "#CC79A7",
    "workspace": "#999999",
}
assert set(COLORS) == set(ALL_COMPONENTS)


def formula_language() -> str:
    """The language of the engine's formula text: the interface's (gui.app.i18n makes it the
    default QLocale), one for the whole application like Qt's translators."""
    return "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"


def color(name: str) -> QColor:
    return QColor(COLORS[name])


def component_label(name: str) -> str:
    labels = {
        "parameters": QCoreApplication.translate("Components", "Parameters"),
        "gradients": QCoreApplication.translate("Components", "Gradients"),
        "optimizer_state": QCoreApplication.translate("Components", "Optimizer state"),
        "input_batch": QCoreApplication.translate("Components", "Input batch"),
        "activations": QCoreApplication.translate("Components", "Activations"),
        "temporaries": QCoreApplication.translate("Components", "Temporaries"),
        "workspace": QCoreApplication.translate("Components", "cuBLAS workspace"),
    }
    return labels.get(name, name)


def naive_label(name: str) -> str:
    labels = {
        "parameters_and_gradients": QCoreApplication.translate("Components", "Parameters + gradients"),
        "optimizer_state": QCoreApplication.translate("Components", "Optimizer state"),
        "data_batch": QCoreApplication.translate("Components", "Data batch"),
        "activations": QCoreApplication.translate("Components", "Activations"),
    }
    return labels.get(name, name)


def phase_label(phase: str) -> str:
    labels = {
        "setup": QCoreApplication.translate("Phases", "setup"),
        "transfer": QCoreApplication.translate("Phases", "transfer"),
        "forward": QCoreApplication.translate("Phases", "forward"),
        "loss": QCoreApplication.translate("Phases", "loss"),
        "zero_grad": QCoreApplication.translate("Phases", "zero_grad"),
        "backward": QCoreApplication.translate("Phases", "backward"),
        "step": QCoreApplication.translate("Phases", "step"),
    }
    return labels.get(phase, phase)


def dataset_label(key: str) -> str:
    if key in DATASETS:
        return DATASETS[key].label
    labels = {
        "custom": QCoreApplication.translate("Components", "Custom shape"),
        "folder": QCoreApplication.translate("Components", "Image folder"),
    }
    return labels.get(key, key)


def optimizer_label(key: str) -> str:
    return OPTIMIZERS[key].label if key in OPTIMIZERS else key


def zero_grad_label(key: str) -> str:
    labels = {
        "after-forward": QCoreApplication.translate("Components", "after forward (course loop)"),
        "before-forward": QCoreApplication.translate("Components", "before forward"),
    }
    return labels.get(key, key)


def model_label(config: TrainingConfig) -> str:
    """The model as the window names it: "MLP [512, 256]", "course CNN", "resnet50", "net.py:Net"."""
    spec = config.model_spec
    if spec.kind == "mlp":
        return translate("Components", "MLP [{hidden}]").format(hidden=", ".join(str(h) for h in config.hidden) or "–")
    if spec.name == "course-cnn":
        return translate("Components", "course CNN")
    if spec.kind == "layers":
        return translate("Components", "layer list ({n} layers)").format(n=len(spec.layers))
    if spec.kind == "file":
        return f"{spec.file.replace(chr(92), '/').rsplit('/', 1)[-1]}:{spec.attr}"
    return spec.name


def chart_title(config: TrainingConfig) -> str:
    """What an exported chart is of: model, dataset, dtype (and mixed precision), batch and GPU."""
    shape = "×".join(str(d) for d in config.input_shape or ())
    data = dataset_label(config.dataset) if config.dataset != "custom" else shape
    dtype = config.dtype if config.amp is None else f"{config.dtype} + autocast {config.amp}"
    return QCoreApplication.translate("Components", "{model} · {data} · {dtype} · batch {batch} · {gpu}").format(
        model=model_label(config), data=data, dtype=dtype, batch=f"{config.batch_size:,}", gpu=config.gpu_spec.name)

"""Colours and translated names of the memory components and phases, shared by every view, and
the language the engine's formulas are written in."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor

from core import ALL_COMPONENTS, DATASETS, OPTIMIZERS, TrainingConfig

__all__ = [
    "COLORS",
    "chart_title",
    "color",
    "component_label",
    "course_estimate_explained",
    "dataset_label",
    "formula_language",
    "model_label",
    "naive_label",
    "optimizer_label",
    "peak_moment_explained",
    "phase_label",
    "zero_grad_label",
]

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


def course_estimate_explained() -> str:
    """What the course's rule of thumb counts, and why the real peak differs from it."""
    return translate(
        "Components",
        "The course estimate adds the four places the course teaches: parameters, gradients, optimizer state, "
        "and the data batch with the activations, all counted alive at once and nothing else. The real peak "
        "(torch.cuda.max_memory_allocated) differs: it adds the cuBLAS workspace and the temporaries of each "
        "kernel and of the optimizer step, rounds every tensor up to 512-byte blocks, and is taken at one "
        "moment, when the sum is highest, not when every place is full.")


def peak_moment_explained(phase: str, iteration: int) -> str:
    """At which moment the peak's composition is taken, and what that means for the activations."""
    return translate(
        "Components",
        "The composition is taken at the moment of the peak, {phase} of iteration {i}: what is alive then. "
        "After backward the activations are freed, so a peak in the optimizer step shows almost none; "
        "gradients and states are whole 512-byte blocks. The course draws the end of the forward pass, "
        "where the activations are all alive.").format(phase=phase_label(phase), i=iteration)

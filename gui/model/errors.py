"""InputError: what is wrong with one input, kept as facts so its sentence follows the language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core import ConfigError

from .reasons import core_reason

__all__ = ["InputError", "field_label"]

translate = QCoreApplication.translate

_SHOWN_CHARS = 40  # a pasted 5,000-digit number is named by its start



def field_label(field: str) -> str:
    labels = {
        "hidden": translate("InputError", "Hidden layers"),
        "batch_size": translate("InputError", "Batch size"),
        "gpu_memory": translate("InputError", "GPU memory"),
        "gpu_memory_bytes": translate("InputError", "GPU memory"),
        "gpu": translate("InputError", "Target GPU"),
        "input_shape": translate("InputError", "Input shape"),
        "classes": translate("InputError", "Classes"),
        "dataset": translate("InputError", "Dataset"),
        "dtype": translate("InputError", "Dtype"),
        "optimizer": translate("InputError", "Optimizer"),
        "zero_grad": translate("InputError", "zero_grad()"),
        "estimate": translate("InputError", "Estimate"),
        "model": translate("InputError", "Model"),
        "layers": translate("InputError", "Layer list"),
        "model_file": translate("InputError", "Model file"),
        "model_name": translate("InputError", "Class or function"),
        "amp": translate("InputError", "Mixed precision"),
        "grad_scaler": translate("InputError", "GradScaler"),
        "checkpoint_segments": translate("InputError", "Checkpoint segments"),
        "alloc_conf": translate("InputError", "Allocator settings"),
        "max_split_mb": translate("InputError", "max_split_size_mb"),
        "allocator_limit": translate("InputError", "Allocator limit"),
        "allocator_limit_bytes": translate("InputError", "Allocator limit"),
    }
    return labels.get(field, field)


def _shown(value: str, field: str = "") -> str:
    if len(value) <= _SHOWN_CHARS:
        return value
    if field == "model_file":  # a path is named by its end: the file and the class in it
        return "…" + value[-2 * _SHOWN_CHARS:]
    return value[:_SHOWN_CHARS] + "…"


class InputError(ValueError):
    """`field` names the input, `value` is the bad text as typed, `reason` a key of `text()`."""

    def __init__(self, field: str, value: str, reason: str, **facts: str) -> None:
        super().__init__(f"{field}: {value!r} ({reason})")
        self.field, self.value, self.reason, self.facts = field, value, reason, facts

    @classmethod
    def from_config_error(cls, exc: ConfigError) -> InputError:
        value = repr(exc.value) if not isinstance(exc.value, str) else exc.value
        return cls(exc.field, value, "core", detail=exc.reason)

    @classmethod
    def from_failure(cls, exc: BaseException) -> InputError:
        """An estimate that failed unexpectedly, shown in place like bad input."""
        return cls("estimate", "", "failed", detail=f"{type(exc).__name__}: {exc}")

    def text(self) -> str:
        """One sentence in the interface language that names the input and the bad value."""
        facts = {"field": field_label(self.field), "value": _shown(self.value, self.field), **self.facts}
        sentences = {
            "empty": translate("InputError", "{field} is empty."),
            "empty_item": translate("InputError", "{field}: “{value}” has an empty width between two commas."),
            "not_whole": translate("InputError", "{field}: “{value}” is not a whole number."),
            "not_positive": translate("InputError", "{field}: {value} must be at least 1."),
            "too_large": translate("InputError", "{field}: {value} is more than {limit}."),
            "not_number": translate("InputError", "{field}: “{value}” is not a number."),
            "decimal_comma": translate(
                "InputError", "{field}: “{value}” is not a number; write decimals with a point, as in 0.5."),
            "gib_range": translate("InputError", "{field}: {value} GiB is outside {low} to {high} GiB."),
            "no_local": translate("InputError", "{field}: this machine's GPU is not known yet."),
            "failed": translate("InputError", "The estimate failed: {detail}"),
            "no_file": translate("InputError", "{field}: choose a Python file (Browse…)."),
            "no_name": translate("InputError", "{field}: name the nn.Module class or the function that builds it."),
            "mib_range": translate("InputError", "{field}: {value} must be a whole number of MiB, at least 20."),
        }
        if self.reason == "core":
            reason = core_reason(self.facts.get("detail", ""))
            if not facts["value"]:
                return translate("InputError", "{field}: {reason}.").format(field=facts["field"], reason=reason)
            return translate("InputError", "{field}: {value} {reason}.").format(
                field=facts["field"], value=facts["value"], reason=reason)
        return sentences.get(self.reason, "{field}: {value}").format(**facts)

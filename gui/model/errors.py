"""InputError: what is wrong with one input, kept as facts so its sentence follows the language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core import ConfigError

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
    }
    return labels.get(field, field)


def _core_reason(reason: str) -> str:
    """The engine's English reasons, translated where known; others stay as the engine wrote them."""
    known = {
        "is not a whole number": translate("InputError", "is not a whole number"),
        "must be at least 1": translate("InputError", "must be at least 1"),
        "makes an image larger than any machine can address": translate("InputError",
            "makes an image larger than any machine can address"),
        "is more than any machine can address": translate("InputError", "is more than any machine can address"),
        "makes a weight larger than any machine can address": translate("InputError",
            "makes a weight larger than any machine can address"),
        "makes a batch larger than any machine can address": translate("InputError",
            "makes a batch larger than any machine can address"),
    }
    return known.get(reason, reason)


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"


class InputError(ValueError):
    """`field` names the input, `value` is the bad text as typed, `reason` a key of `text()`."""

    def __init__(self, field: str, value: str, reason: str, **facts: str) -> None:
        super().__init__(f"{field}: {value!r} ({reason})")
        self.field, self.value, self.reason, self.facts = field, value, reason, facts

    @classmethod
    def from_config_error(cls, exc: ConfigError) -> InputError:
        value = repr(exc.value) if not isinstance(exc.value, str) else exc.value
        message = str(exc)
        prefix = f"{exc.field}: {exc.value!r} "
        reason = message[len(prefix):] if message.startswith(prefix) else message
        return cls(exc.field, value, "core", detail=reason)

    @classmethod
    def from_failure(cls, exc: BaseException) -> InputError:
        """An estimate that failed unexpectedly, shown in place like bad input."""
        return cls("estimate", "", "failed", detail=f"{type(exc).__name__}: {exc}")

    def text(self) -> str:
        """One sentence in the interface language that names the input and the bad value."""
        facts = {"field": field_label(self.field), "value": _shown(self.value), **self.facts}
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
        }
        if self.reason == "core":
            return translate("InputError", "{field}: {value} {reason}.").format(
                field=facts["field"], value=facts["value"], reason=_core_reason(self.facts.get("detail", "")))
        return sentences.get(self.reason, "{field}: {value}").format(**facts)

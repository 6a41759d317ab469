"""InputError: what is wrong with one input, kept as the engine's code and parameters, so that its
sentence follows the interface language (core.engine.messages holds the English templates; the
translation holds the rest)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core import ConfigError
from core.engine.messages import CONTEXT, MESSAGES, whole_sentence
from core.engine.schema import FIELDS, Shown

__all__ = ["InputError", "field_label", "message_text"]

translate = QCoreApplication.translate

_SHOWN_CHARS = 40  # a pasted 5,000-digit number is named by its start
_LABELS = {f.key: f.label for f in FIELDS}
_ALIASES = {"gpu_memory": "gpu_memory_gb", "gpu_memory_bytes": "gpu_memory_gb", "allocator_limit":
            "allocator_limit_bytes", "allocator_limit_gib": "allocator_limit_bytes", "gpu_gib": "gpu_memory_gb"}
"""The window's names for fields the schema declares under another key."""


def field_label(field: str) -> str:
    """What the window calls a field: the schema's label, or a window input's own."""
    key = _ALIASES.get(field, field)
    if key in _LABELS:
        return translate("Field", _LABELS[key])
    window = {
        "estimate": translate("InputError", "Estimate"),
        "model_name": translate("InputError", "Class or function"),
        "max_split_mb": translate("InputError", "max_split_size_mb"),
        "channels": translate("InputError", "Channels"),
        "height": translate("InputError", "Height"),
        "width": translate("InputError", "Width"),
    }
    return window.get(key, field)


def _cut(text: str, field: str = "") -> str:
    if len(text) <= _SHOWN_CHARS:
        return text
    if field == "model_file":  # a path is named by its end: the file and the class in it
        return "…" + text[-2 * _SHOWN_CHARS:]
    return text[:_SHOWN_CHARS] + "…"


def _shown(value: object, field: str = "") -> tuple[str, bool]:
    """A value as the window names it, and whether it is typed text (shown in quotes)."""
    original = value.original if isinstance(value, Shown) else value
    if isinstance(original, str):
        return _cut(original.strip(), field), True
    return _cut(repr(original) if isinstance(value, Shown) else str(value), field), False


def message_text(error: ConfigError) -> str:
    """`error` as one sentence in the interface language, naming the input and the bad value."""
    template = MESSAGES[error.code]
    params = {key: _cut(str(value)) for key, value in error.params.items()}
    label = field_label(error.field)
    reason = translate(CONTEXT, template).format(field=label, **params)
    if whole_sentence(template):
        return translate("InputError", "{sentence}.").format(sentence=reason)
    value, typed = _shown(error.value, error.field) if error.value is not None else ("", False)
    if not value:
        return translate("InputError", "{field}: {reason}.").format(field=label, reason=reason)
    if typed:
        return translate("InputError", "{field}: “{text}” {reason}.").format(field=label, text=value, reason=reason)
    return translate("InputError", "{field}: {value} {reason}.").format(field=label, value=value, reason=reason)


class InputError(ConfigError):
    """Bad input as the window shows it: a ConfigError (field, value, code, parameters) with `text()`."""

    @classmethod
    def from_config_error(cls, exc: ConfigError) -> InputError:
        return exc if isinstance(exc, InputError) else cls(exc.field, exc.value, exc.code, **exc.params)

    @classmethod
    def from_failure(cls, exc: BaseException) -> InputError:
        """An estimate that failed unexpectedly, shown in place like bad input."""
        return cls("estimate", "", "failed", error=f"{type(exc).__name__}: {exc}")

    @property
    def layer(self) -> int | None:
        """The 1-based position of the layer a layer-list error names, if it names one."""
        n = self.params.get("n")
        return n if isinstance(n, int) else None

    def text(self) -> str:
        return message_text(self)

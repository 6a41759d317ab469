"""Bad input, named: every error the engine raises for a value the user gave."""

from __future__ import annotations

__all__ = ["ConfigError"]


class ConfigError(ValueError):
    """Bad input. The message names the field and the offending value."""

    def __init__(self, field_name: str, value: object, reason: str, message: str | None = None) -> None:
        super().__init__(message or f"{field_name}: {value!r} {reason}")
        self.field = field_name
        self.value = value
        self.reason = reason
        """What is wrong with the value, without the field and the value (for a window to show)."""

"""Bad input, named: every error the engine raises for a value the user gave."""

from __future__ import annotations

from .messages import MESSAGES, render

__all__ = ["ConfigError"]


class ConfigError(ValueError):
    """Bad input: the field, the offending value, a code of core.engine.messages and the template's
    parameters. `str()` is the English sentence; a window translates `code` and fills in `params`."""

    def __init__(self, field_name: str, value: object, code: str, **params: object) -> None:
        if code not in MESSAGES:
            raise KeyError(f"no message for the code {code!r}")
        super().__init__(render(code, field_name, value, params))
        self.field = field_name
        self.value = value
        self.code = code
        self.params = params

    @property
    def reason(self) -> str:
        """The English template filled in: what follows "field: value", or the whole sentence."""
        return MESSAGES[self.code].format(field=self.field, **self.params)

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuild, (self.field, self.value, self.code, self.params)


def _rebuild(field_name: str, value: object, code: str, params: dict[str, object]) -> ConfigError:
    return ConfigError(field_name, value, code, **params)

"""What an estimate computes on first use, computed before it reaches the GUI thread: in the
worker thread, or in the estimate process before the result is pickled back.

An estimate from the estimate process comes back light (`LightEstimate`): what the views read
(the figures, the tables' rows, the formulas in both languages) is unpickled with it, and the
step's programs and the allocator's run, which only an export of the memory snapshot reads, stay
pickled until something asks for them. Unpickling is one call that holds the GIL: the whole of a
traced resnet50 held the GUI thread for longer than a frame; the light part takes about a
millisecond. An attribute read from the pickled part unpickles it then, so an estimate behaves
the same whichever way it came."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core import Estimate, Figure, TrainingConfig

if TYPE_CHECKING:  # imported when remedies are first found (engine_remedies)
    from core.engine.remedies import Remedy

__all__ = ["HEAVY", "LANGUAGES", "PREPARED", "REMEDY_PREPARED", "LightEstimate", "engine_remedies", "light_reduce",
           "prepared", "prepared_remedies"]

PREPARED = ("max_batch_size", "max_batch_two_iterations", "timeline", "components", "peak_tensors",
            "layers", "naive", "persistent_bytes", "out_of_memory", "unbounded_reserved_bytes", "naive_differences",
            "course_moment", "peak_phase", "component_bytes")
"""What the views and exports read of an Estimate (the max batch search alone takes a second for
a deep model)."""

REMEDY_PREPARED = ("max_batch_size", "demand_bytes")
"""What the remedies panel reads of each remedy's estimate."""


HIGH_PREPARED = ("out_of_memory", "unbounded_reserved_bytes")
"""What the views read of the band's high side (`Estimate.high`), when it does not fit."""

LANGUAGES = ("en", "zh_CN")
"""The languages of the formulas (gui.views.labels.formula_language)."""

HEAVY = ("step", "_run", "_fresh", "peak_tensors")
"""An Estimate's attributes that stay pickled in a LightEstimate until read: the programs, the
run through the allocator and the tensors alive at the peak (what the formulas were made from)."""

_EXPLAINED, _NAIVE, _COUNTS = "_explained_by_language", "_naive_by_language", "_parameter_counts"


def prepared(result: Estimate) -> Estimate:
    for name in PREPARED:
        getattr(result, name, None)
    if result.high is not None:
        for name in HIGH_PREPARED:
            getattr(result.high, name, None)
    _format(result)
    return result


def _format(result: Estimate) -> None:
    """The formulas of the components and of the course's estimate in every language, and the
    parameter counts: what the views would otherwise compute on the GUI thread at each result."""
    try:
        explained = {language: result.explained(language) for language in LANGUAGES}
        naive = {language: result.naive_explained(language) for language in LANGUAGES}
        counts = (result.parameter_count, result.trainable_parameter_count)
    except Exception:  # an estimate that cannot say them says so when a view asks, as before
        return
    vars(result).update({_EXPLAINED: explained, _NAIVE: naive, _COUNTS: counts})


def engine_remedies(config: TrainingConfig) -> list[Remedy]:
    """The engine's remedies for `config` (their module is imported when first asked)."""
    from core.engine.remedies import remedies

    return remedies(config)


def prepared_remedies(config: TrainingConfig, find: Callable[[TrainingConfig], list[Remedy]] = engine_remedies
                      ) -> list[Remedy]:
    found = find(config)
    for remedy in found:
        for name in REMEDY_PREPARED:
            getattr(remedy.estimate, name)
    return found


class LightEstimate(Estimate):
    """An Estimate unpickled without its HEAVY attributes, which are unpickled on first read; the
    formulas and parameter counts prepared in the estimate process answer without them."""

    def __getattr__(self, name: str) -> Any:  # only for attributes not set (yet)
        state = vars(self)
        heavy = state.pop("_heavy", None)
        if heavy is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        state.update(pickle.loads(heavy))
        return getattr(self, name)

    def is_loaded(self) -> bool:
        """Whether the HEAVY attributes have been unpickled."""
        return "_heavy" not in vars(self)

    def explained(self, language: str) -> dict[str, Figure]:
        cached = vars(self).get(_EXPLAINED)
        return cached[language] if cached and language in cached else super().explained(language)

    def naive_explained(self, language: str) -> dict[str, Figure]:
        cached = vars(self).get(_NAIVE)
        return cached[language] if cached and language in cached else super().naive_explained(language)

    @property
    def parameter_count(self) -> int:
        counts = vars(self).get(_COUNTS)
        return counts[0] if counts else super().parameter_count

    @property
    def trainable_parameter_count(self) -> int:
        counts = vars(self).get(_COUNTS)
        return counts[1] if counts else super().trainable_parameter_count


def _light(state: dict[str, Any], heavy: bytes) -> LightEstimate:
    e = LightEstimate.__new__(LightEstimate)
    vars(e).update(state)
    vars(e)["_heavy"] = heavy
    return e


def light_reduce(e: Estimate, dumps: Callable[[object], bytes]) -> tuple[object, ...]:
    """A reduce value for `e` (pickle's reducer_override): its HEAVY attributes pickled apart by
    `dumps`, to be unpickled when first read."""
    state = dict(vars(e))
    heavy = state.pop("_heavy", None)
    if heavy is None:
        heavy = dumps({name: state.pop(name) for name in HEAVY if name in state})
    return _light, (state, heavy)

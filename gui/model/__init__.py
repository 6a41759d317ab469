"""The window's model: the inputs as shown, the estimate computed from them off the GUI thread,
the measurement, and the display choices. Views take a CalculatorModel and follow its signals."""

from .calculator import DIM_DELAY_MS, CalculatorModel, Work, same_loop
from .errors import InputError, field_label
from .inputs import AMP_CHOICES, CUSTOM_DATASETS, DECLARED, SPIN_LIMITS, InputState, LocalGpu, choice_keys
from .parsing import BATCH_MAX, parse_batch, parse_gib, parse_hidden
from .saved import inputs_from_saved, saved_inputs
from .sources import COURSE_CNN, MODEL_SOURCES, architectures

__all__ = [
    "AMP_CHOICES",
    "BATCH_MAX",
    "COURSE_CNN",
    "CUSTOM_DATASETS",
    "DECLARED",
    "DIM_DELAY_MS",
    "MODEL_SOURCES",
    "SPIN_LIMITS",
    "CalculatorModel",
    "InputError",
    "InputState",
    "LocalGpu",
    "Work",
    "architectures",
    "choice_keys",
    "field_label",
    "inputs_from_saved",
    "parse_batch",
    "parse_gib",
    "parse_hidden",
    "same_loop",
    "saved_inputs",
]

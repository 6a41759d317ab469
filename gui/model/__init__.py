"""The window's model: the inputs as shown, the estimate computed from them off the GUI thread,
the remedies, the measurement and the display choices, each a child model of CalculatorModel
with its own signals; a view follows the children it shows."""

from .calculator import DIM_DELAY_MS, REMEDIES_DELAY_MS, CalculatorModel
from .display import DisplayOptions
from .errors import InputError, field_label
from .estimate_model import EstimateModel, Work
from .inputs import AMP_CHOICES, CUSTOM_DATASETS, DECLARED, SPIN_LIMITS, InputState, LocalGpu, choice_keys
from .inputs_model import InputsModel
from .measurement import MeasurementModel, same_loop
from .parsing import BATCH_MAX, parse_batch, parse_gib, parse_hidden
from .remedies_model import RemediesModel
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
    "REMEDIES_DELAY_MS",
    "SPIN_LIMITS",
    "CalculatorModel",
    "DisplayOptions",
    "EstimateModel",
    "InputError",
    "InputState",
    "InputsModel",
    "LocalGpu",
    "MeasurementModel",
    "RemediesModel",
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

"""The input side of the window: the panel of every input, and the batch field with its slider."""

from .batch import BatchField, batch_to_slider, slider_to_batch
from .panel import InputPanel

__all__ = ["BatchField", "InputPanel", "batch_to_slider", "slider_to_batch"]

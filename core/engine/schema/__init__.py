"""One declaration per field of a training setup (fields.py) and the kinds of value they take
(values.py)."""

from .fields import AMP_DTYPES, ANY, BATCH_MAX, FIELDS, ZERO_GRAD_CHOICES, Field, default, field
from .values import (
    MAX_LONG_TEXT,
    MAX_TEXT,
    Choice,
    Count,
    Flag,
    Gib,
    HugeNumber,
    Kind,
    Shown,
    Sizes,
    Text,
    brief,
    json_int,
)

__all__ = [
    "AMP_DTYPES", "ANY", "BATCH_MAX", "FIELDS", "MAX_LONG_TEXT", "MAX_TEXT", "ZERO_GRAD_CHOICES", "Choice", "Count",
    "Field", "Flag", "Gib", "HugeNumber", "Kind", "Shown", "Sizes", "Text", "brief", "default", "field", "json_int",
]

"""What the course teaches about one image as a tensor: its shape, its bytes, how to show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..engine.catalog import DTYPES

__all__ = ["ELEMENT_BYTES", "Sample", "TensorFacts", "element_bytes"]

#: Bytes per element: the training dtypes plus uint8, the dtype images are stored in.
ELEMENT_BYTES: dict[str, int] = {"uint8": 1, **DTYPES}


def element_bytes(dtype: str) -> int:
    try:
        return ELEMENT_BYTES[dtype]
    except KeyError:
        known = ", ".join(ELEMENT_BYTES)
        raise ValueError(f"unknown dtype {dtype!r}; expected one of {known}") from None


@dataclass(frozen=True)
class TensorFacts:
    """One image as PyTorch holds it: channel-first (C, H, W)."""

    channels: int
    height: int
    width: int

    def __post_init__(self) -> None:
        for name in ("channels", "height", "width"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")

    @property
    def shape(self) -> tuple[int, int, int]:
        """(C, H, W): what a torchvision transform such as ToTensor() gives."""
        return (self.channels, self.height, self.width)

    @property
    def display_shape(self) -> tuple[int, int, int]:
        """(H, W, C): what matplotlib and image viewers want, i.e. ``x.permute(1, 2, 0)``."""
        return (self.height, self.width, self.channels)

    @property
    def elements(self) -> int:
        return self.channels * self.height * self.width

    @property
    def is_grayscale(self) -> bool:
        return self.channels == 1

    @property
    def color_mode(self) -> str:
        return "grayscale" if self.is_grayscale else "RGB"

    def batch_shape(self, batch_size: int) -> tuple[int, int, int, int]:
        """(B, C, H, W): what a DataLoader yields."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        return (batch_size, *self.shape)

    def bytes_per_image(self, dtype: str = "uint8") -> int:
        """784 for an MNIST image as uint8, 3,136 as float32."""
        return self.elements * element_bytes(dtype)

    def batch_bytes(self, batch_size: int, dtype: str) -> int:
        return self.batch_shape(batch_size)[0] * self.bytes_per_image(dtype)


@dataclass(frozen=True)
class Sample:
    """One image ready to show: uint8 pixels in (H, W, C), with its label."""

    image: Any  # numpy.ndarray, uint8, (H, W, C); typed loosely so this module needs no numpy
    label: int | None
    name: str  # the class name, or the file name when there are no classes

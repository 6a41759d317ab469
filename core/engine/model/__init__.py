"""What the network is: its layers, their shapes and their parameters."""

from .mlp import LayerRow, Mlp

__all__ = ["LayerRow", "Mlp"]

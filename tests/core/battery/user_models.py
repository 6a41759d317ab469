"""Models that misbehave, for the battery's `--model-file` cases (cases.py)."""

import os
import sys

from torch import nn


class Exits(nn.Linear):
    def __init__(self):
        super().__init__(784, 10)

    def forward(self, x):
        sys.exit(0)


class HardExits(nn.Module):
    def __init__(self):
        super().__init__()
        os._exit(0)


class Raises(Exits):
    def forward(self, x):
        return {}["no such key"]

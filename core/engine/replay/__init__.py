"""A program run through the whole caching allocator: reserved memory, and where it runs out.

* `plan`: what every replay of one program shares, and what its requests are at one batch;
* `whole`: the run through one allocator, both pools, out of memory included;
* `compiled`: the same run in C (`_compiled.c`), which `replay` takes wherever it is built and
  the allocator's settings are its own.
"""

from .result import Replay
from .run import replay
from .whole import conv_workspace

__all__ = ["Replay", "conv_workspace", "replay"]

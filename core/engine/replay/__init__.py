"""A program run through the whole caching allocator: reserved memory, and where it runs out.

* `plan`: what every replay of one program shares, and what its requests are at one batch;
* `whole`: the run through one allocator, both pools, out of memory included;
* `split`: the same run with the small pool's part computed once and shared (it does not depend
  on the batch), which `replay` takes wherever it gives the whole run's answer.
"""

from .result import Replay
from .run import replay
from .whole import conv_workspace

__all__ = ["Replay", "conv_workspace", "replay"]

"""A backend with scripted memory for the probe's tests: no torch, no GPU.

It keeps a dict of live "tensors" and updates memory_allocated, the peaks, the reserved memory
and the device's free memory as the canonical loop would, in round numbers; the cuBLAS
workspaces appear as PyTorch makes them, in forward 1 (main thread, with cuBLASLt's) and in
backward 1 (autograd thread). `conv_sizes` scripts what measuring each cuDNN convolution call
alone reports: a function of the call and the batch giving (workspace, find) bytes.
"""

from __future__ import annotations

OOM_TEXT = (
    "CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 79.10 GiB "
    "of which 3.12 MiB is free. Including non-PyTorch memory, this process has 79.09 GiB memory in use."
)


class FakeOOM(RuntimeError):
    pass


class FakeBackend:
    PARAMS, STATE, CONTEXT, TOTAL = 10_000, 20_000, 500_000, 10**9
    HANDLE, CUBLASLT = 2 << 20, 1 << 20  # a thread's cuBLAS workspace; cuBLASLt's, as PyTorch's default
    WORKSPACE = 2 * HANDLE + CUBLASLT
    INPUT, ACTIVATIONS = 100, 300  # bytes per sample

    CUDNN = 91000

    def __init__(self, oom_at: tuple[str, int] | None = None, oom_above: int | None = None,
                 oom_text: str = OOM_TEXT, fail_at: str | None = None, start_allocated: int = 0,
                 conv_sizes=None) -> None:
        self.oom_at, self.oom_above, self.oom_text, self.fail_at = oom_at, oom_above, oom_text, fail_at
        self.conv_sizes = conv_sizes or (lambda call, batch: (0, 0))
        self.conv_measured: list[tuple[str, int, bool]] = []
        self.live: dict[str, int] = {"old workspace": start_allocated} if start_allocated else {}
        self.peak = self.reserved = self.peak_reserved = sum(self.live.values())
        self.calls: list[tuple[str, int]] = []
        self.released = 0
        self.now = 0.0

    @property
    def allocated(self) -> int:
        return sum(self.live.values())

    def _alloc(self, name: str, nbytes: int) -> None:
        self.peak = max(self.peak, self.allocated + nbytes)  # the old tensor lives until rebound
        self.live[name] = nbytes
        self.reserved = max(self.reserved, self.peak)
        self.peak_reserved = max(self.peak_reserved, self.reserved)

    def start(self) -> dict:
        return {"name": "Fake GPU", "torch_version": "0.0-fake", "total_bytes": self.TOTAL}

    def run_phase(self, phase: str, config) -> None:
        batch = config.micro_batch  # what one forward pass takes: the batch, or one micro-batch
        self.calls.append((phase, batch))
        self.now += 0.001 * batch + 0.01
        if self.fail_at == phase:
            raise ValueError("driver said no\nsecond line")
        above = self.oom_above is not None and batch > self.oom_above and phase == "forward"
        if self.oom_at == (phase, batch) or above:
            raise FakeOOM(self.oom_text)
        if phase == "setup":
            self._alloc("params", self.PARAMS)
        elif phase == "transfer":
            self._alloc("x", self.INPUT * batch)
        elif phase == "forward":
            self.live.setdefault("workspace of the main thread", self.HANDLE + self.CUBLASLT)
            self._alloc("activations", self.ACTIVATIONS * batch)
        elif phase == "backward":
            self.live.setdefault("workspace of the autograd thread", self.HANDLE)
            self.live.pop("activations")
            self._alloc("grads", self.PARAMS)
        elif phase == "step":
            self._alloc("foreach temporaries", self.PARAMS)
            self.live.pop("foreach temporaries")
            self._alloc("state", self.STATE)

    def memory_allocated(self) -> int:
        return self.allocated

    def max_memory_allocated(self) -> int:
        return self.peak

    def memory_reserved(self) -> int:
        return self.reserved

    def max_memory_reserved(self) -> int:
        return self.peak_reserved

    def reset_peak(self) -> None:
        self.peak, self.peak_reserved = self.allocated, self.reserved

    def mem_get_info(self) -> tuple[int, int]:
        return self.TOTAL - self.CONTEXT - self.reserved, self.TOTAL

    def clock(self) -> float:
        return self.now

    def is_oom(self, error: BaseException) -> bool:
        return isinstance(error, FakeOOM)

    def release(self) -> None:
        self.released += 1
        self.live = {k: v for k, v in self.live.items() if "workspace" in k}
        self.reserved = self.allocated

    def conv_workspaces(self, config) -> tuple[int, list[dict]]:
        from core.measure.conv_workspaces import calls_of, entries_for

        if self.fail_at == "conv_workspaces":
            raise RuntimeError("the measuring process ended with exit code -9")
        self.conv_measured.append((config.model, config.batch_size, config.cudnn_benchmark))
        calls = calls_of(config)
        return self.CUDNN, entries_for(calls, config.micro_batch, self.start()["name"], self.CUDNN,
                                       config.cudnn_benchmark, self.conv_sizes)

"""The whole caching allocator: reserved memory and where out-of-memory really happens, against
the fresh-process and out-of-memory measurements of tests/data/reference."""

import json

import pytest
from hypothesis import given, settings

from core import ConfigError, TrainingConfig, estimate
from core.engine.allocator.caching import AllocatorOOM, CachingAllocator
from core.engine.allocator.conf import parse_alloc_conf
from core.engine.estimate import max_batch_size, step_for
from core.engine.replay import replay
from core.engine.simulate import simulate
from tests import support
from tests.core.engine.test_properties import configs

REFERENCE = json.loads((support.DATA / "reference" / "h100-reserved-and-oom.json").read_text())


def _config(c, **extra):
    return TrainingConfig(dataset=c["dataset"], hidden=tuple(c["hidden"]), dtype=c["dtype"],
                          optimizer=c["optimizer"].replace("_", "-"), **extra)


@pytest.mark.parametrize("check", REFERENCE["reserved_checks"], ids=lambda c: json.dumps(c["config"]))
def test_fresh_process_reserved_memory_is_exact(check):
    e = estimate(_config(check["config"], batch_size=check["config"]["batch"]))
    assert e.peak_bytes == check["fresh_process_max_memory_allocated"]
    assert e.peak_reserved_bytes == check["fresh_process_max_memory_reserved"]
    assert e.device_used_bytes == e.peak_reserved_bytes + e.runtime.cuda_context_bytes
    assert e.to_dict()["peak_reserved_bytes"] == check["fresh_process_max_memory_reserved"]


def test_the_out_of_memory_edge_under_a_memory_fraction_is_exact():
    """2 iterations, empty_cache() before each trial, in a process that held the cuBLAS workspaces."""
    edge = REFERENCE["oom_edge"][0]
    config = _config(edge["config"], allocator_limit_bytes=edge["memory_fraction_cap_bytes"])
    assert max_batch_size(config, warm=True) == edge["largest_batch_that_trains_2_iterations"]


def test_a_batch_of_one_holds_all_the_workspaces():
    one = REFERENCE["batch_of_one"]
    assert estimate(_config(one["config"], batch_size=1)).peak_bytes == one["fresh_process_max_memory_allocated"]


def test_the_gpus_memory_is_what_cuda_reports_not_what_nvidia_smi_lists():
    e = estimate(TrainingConfig(gpu="h100-80gb"))
    assert e.usable_bytes == REFERENCE["env"]["total_memory"] < e.gpu_memory_bytes


@settings(max_examples=40, deadline=None)
@given(configs)
def test_the_whole_allocator_allocates_what_the_fast_path_counts(config):
    step, gpu = step_for(config), config.gpu_spec
    fast = simulate(step.program, config.batch_size, gpu.sm_count, gpu.threads_per_sm)
    whole = replay(step.program, config.batch_size, gpu.sm_count, gpu.threads_per_sm)
    assert whole.peak_allocated == fast.peak
    assert whole.peak_reserved >= whole.peak_allocated
    assert whole.peak_reserved % (2 << 20) == 0


@pytest.mark.parametrize("conf", ["expandable_segments:True", "max_split_size_mb:20"])
def test_the_allocated_peak_follows_the_allocators_settings(conf):
    """Expandable segments split every large block and max_split_size leaves oversize blocks
    whole, so memory_allocated differs from the default allocator's; the estimate showed the
    default's peak whatever the settings."""
    default = estimate(TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=300))
    configured = estimate(TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=300, alloc_conf=conf))
    assert configured.peak_bytes == configured.allocator.peak_allocated != default.peak_bytes
    assert sum(configured.component_bytes.values()) == configured.peak_bytes


def test_near_the_edge_the_peak_is_where_blocks_fall_after_the_allocator_released_its_cache():
    """At this batch the allocator must release its cached segments to go on, and later best fits
    land elsewhere than with memory to spare: the peak is the bounded run's, as on the GPU."""
    config = TrainingConfig(dataset="cifar10", hidden=(1611,), dtype="float64", optimizer="sgd-momentum",
                            batch_size=960706)
    e, gpu = estimate(config), config.gpu_spec
    spare = simulate(step_for(config).program, config.batch_size, gpu.sm_count, gpu.threads_per_sm)
    assert e.fits and e.peak_bytes == e.allocator.peak_allocated != spare.peak


def test_an_estimate_that_does_not_fit_still_shows_the_peak_it_would_reach():
    config = TrainingConfig(model="course-cnn", dataset="imagenet", batch_size=4096,
                            alloc_conf="expandable_segments:True")
    e = estimate(config)
    assert not e.fits
    gpu = config.gpu_spec
    whole = replay(step_for(config).program, config.batch_size, gpu.sm_count, gpu.threads_per_sm,
                   conf=parse_alloc_conf("expandable_segments:True"))
    assert e.peak_bytes == whole.peak_allocated > e.allocator.peak_allocated


def test_reserved_memory_is_in_segments_and_a_fraction_stops_it():
    allocator = CachingAllocator(limit=30 << 20)
    big = allocator.malloc(12 << 20)[0]
    allocator.malloc(1000)
    assert (allocator.allocated, allocator.reserved) == ((12 << 20) + 1024, 14 << 20)
    allocator.free(big)
    allocator.malloc(15 << 20)  # the cached 12 MiB segment is too small: a 16 MiB one, 30 MiB in all
    assert allocator.reserved == 30 << 20
    with pytest.raises(AllocatorOOM) as info:  # even with the 12 MiB segment given back
        allocator.malloc(13 << 20)
    assert info.value.segment == 14 << 20 and allocator.reserved == 18 << 20


def test_expandable_segments_grow_by_pages_and_give_them_back():
    allocator = CachingAllocator(conf=parse_alloc_conf("expandable_segments:True"))
    a = allocator.malloc(11 << 20)[0]
    assert allocator.reserved == 20 << 20
    b = allocator.malloc(25 << 20)[0]
    assert allocator.reserved == 40 << 20  # one segment, grown by a page: 36 MiB in 2 pages
    allocator.free(a)
    allocator.free(b)
    allocator.release_cached()
    assert allocator.reserved == 0


@pytest.mark.parametrize("text, named", [
    ("expandable_segments:true", "true"), ("foo:1", "foo"), ("max_split_size_mb:10", "10"),
    ("garbage_collection_threshold:0.6", "garbage_collection_threshold"),
    ("expandable_segments", "expandable_segments"),
    ("expandable_segments:True;max_split_size_mb:64", "expandable_segments"),
])
def test_bad_allocator_settings_are_named(text, named):
    with pytest.raises(ConfigError, match=named):
        TrainingConfig(alloc_conf=text)


def test_allocator_settings_are_read_as_pytorch_reads_them():
    conf = parse_alloc_conf(" expandable_segments : True , max_split_size_mb:64")
    assert conf.expandable_segments and conf.max_split_size == 64 << 20


def test_a_limit_above_the_gpus_memory_is_refused():
    with pytest.raises(ConfigError, match="allocator_limit_bytes"):
        TrainingConfig(allocator_limit_bytes=10**15)


def test_a_batch_larger_than_any_gpu_is_an_estimate_that_does_not_fit():
    e = estimate(TrainingConfig(batch_size=2**40))
    oom = e.out_of_memory_in
    assert not e.fits and e.peak_bytes > 2**50 and oom is not None
    assert (oom.phase, oom.iteration) == ("transfer", 1)
    assert e.to_dict()["out_of_memory_in"] == oom.to_dict()
    assert estimate(TrainingConfig()).out_of_memory_in is None

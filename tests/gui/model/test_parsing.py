"""Typed fields read as one value or raise InputError naming it; nothing is rewritten."""

import pytest

from gui.model import BATCH_MAX, InputError, parse_batch, parse_gib, parse_hidden


@pytest.mark.parametrize(("text", "widths"), [
    ("512, 256", (512, 256)),
    ("512，256", (512, 256)),  # the full-width comma a Chinese input method types
    ("512、256", (512, 256)),
    ("１２８", (128,)),  # full-width digits
    ("  64 ;32 ", (64, 32)),
    ("", ()),
    ("   ", ()),
])
def test_hidden_widths_as_typed(text, widths):
    assert parse_hidden(text) == widths


@pytest.mark.parametrize(("text", "named", "reason"), [
    ("512,256,", "512,256,", "empty_item"),
    ("512,,256", "512,,256", "empty_item"),
    ("512, 12a", "12a", "not_whole"),
    ("64, -5", "-5", "at_least"),
    ("1e3", "1e3", "not_whole"),
])
def test_bad_hidden_widths_are_named(text, named, reason):
    with pytest.raises(InputError) as raised:
        parse_hidden(text)
    assert raised.value.field == "hidden" and raised.value.code == reason
    assert named in repr(raised.value.value) and named in raised.value.text()


@pytest.mark.parametrize(("text", "batch"), [
    ("100000", 100_000), ("13,433,208", 13_433_208), ("１２８", 128), (" 7 ", 7), (str(BATCH_MAX), BATCH_MAX),
])
def test_batch_as_typed(text, batch):
    assert parse_batch(text) == batch


@pytest.mark.parametrize(("text", "reason"), [
    ("-5", "at_least"), ("0", "at_least"), ("1e3", "not_whole"), ("10,00", "not_whole"),
    ("", "empty"), (str(BATCH_MAX + 1), "more_than"), (str(10**30), "more_than"), ("9" * 500, "too_large"),
    ("2.5", "not_whole"),
])
def test_bad_batches_are_refused_and_named(text, reason):
    with pytest.raises(InputError) as raised:
        parse_batch(text)
    assert raised.value.code == reason
    if text:
        assert text[:30] in raised.value.text()


@pytest.mark.parametrize(("text", "gib"), [("24", 24.0), ("0.5", 0.5), (" 80 ", 80.0), ("1e2", 100.0)])
def test_gpu_gib_as_typed(text, gib):
    assert parse_gib(text) == int(gib * 2**30)


@pytest.mark.parametrize(("text", "reason"), [
    ("-4", "gib_range"), ("0", "gib_range"), ("0,5", "decimal_comma"), ("0，5", "decimal_comma"),
    ("nan", "not_number"), ("inf", "not_number"), ("lots", "not_number"), ("", "empty"), ("200000", "gib_range"),
])
def test_bad_gpu_sizes_are_refused_and_named(text, reason):
    with pytest.raises(InputError) as raised:
        parse_gib(text)
    assert raised.value.field == "gpu_memory" and raised.value.code == reason
    assert "GPU memory" in raised.value.text()
    if text:
        assert text in raised.value.text()

"""The engine's reasons (ConfigError.reason, English, with the values in them) in the interface
language: each known form as a pattern whose named parts go into the translated sentence.
A reason of no known form is shown as the engine wrote it."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

__all__ = ["core_reason", "layer_position"]

translate = QCoreApplication.translate

_POSITION = re.compile(r"\(layer (\d+)\)")


def layer_position(reason: str) -> int | None:
    """The 1-based position of the layer a layer-list reason names, if it names one."""
    found = _POSITION.search(reason)
    return int(found.group(1)) if found else None


def _forms() -> list[tuple[str, str]]:
    return [
        (r"is not a whole number", translate("CoreReason", "is not a whole number")),
        (r"must be at least 1", translate("CoreReason", "must be at least 1")),
        (r"makes an image larger than any machine can address",
         translate("CoreReason", "makes an image larger than any machine can address")),
        (r"is more than any machine can address", translate("CoreReason", "is more than any machine can address")),
        (r"makes a weight larger than any machine can address",
         translate("CoreReason", "makes a weight larger than any machine can address")),
        (r"makes a batch larger than any machine can address",
         translate("CoreReason", "makes a batch larger than any machine can address")),
        (r"has no layers", translate("CoreReason", "has no layers")),
        (r"is empty", translate("CoreReason", "is empty")),
        (r"\(layer (?P<n>\d+)\) is not Name or Name\(arguments\)",
         translate("CoreReason", "(layer {n}) is not Name or Name(arguments)")),
        (r"\(layer (?P<n>\d+)\) is not one of (?P<kinds>.+)",
         translate("CoreReason", "(layer {n}) is not one of {kinds}")),
        (r"\(layer (?P<n>\d+)\): (?P<kind>\w+) takes no (?P<what>.+)",
         translate("CoreReason", "(layer {n}): {kind} takes no {what}")),
        (r"\(layer (?P<n>\d+)\): (?P<key>\w+) is given twice",
         translate("CoreReason", "(layer {n}): {key} is given twice")),
        (r"\(layer (?P<n>\d+)\): (?P<kind>\w+) needs (?P<what>.+)",
         translate("CoreReason", "(layer {n}): {kind} needs {what}")),
        (r"\(layer (?P<n>\d+)\): (?P<arg>\S+) is not a number",
         translate("CoreReason", "(layer {n}): {arg} is not a number")),
        (r"\(layer (?P<n>\d+)\): (?P<arg>\S+) must be from 0 to less than 1",
         translate("CoreReason", "(layer {n}): {arg} must be from 0 to less than 1")),
        (r"\(layer (?P<n>\d+)\): (?P<arg>\S+) must be at least 1",
         translate("CoreReason", "(layer {n}): {arg} must be at least 1")),
        (r"\(layer (?P<n>\d+)\): (?P<arg>\S+) is too large",
         translate("CoreReason", "(layer {n}): {arg} is too large")),
        (r"need a Linear layer at the end to give the classes",
         translate("CoreReason", "need a Linear layer at the end to give the classes")),
        (r"\(layer (?P<n>\d+)\) follows the last Linear, which must end the model and give the classes",
         translate("CoreReason", "(layer {n}) follows the last Linear, which must end the model and give the classes")),
        (r"\(layer (?P<n>\d+)\) needs a C×H×W image but gets (?P<shape>\S+): put it before Flatten",
         translate("CoreReason", "(layer {n}) needs a C×H×W image but gets {shape}: put it before Flatten")),
        (r"\(layer (?P<n>\d+)\): padding (?P<p>\d+) is more than half the kernel size (?P<k>\d+)",
         translate("CoreReason", "(layer {n}): padding {p} is more than half the kernel size {k}")),
        (r"\(layer (?P<n>\d+)\) gets a (?P<shape>\S+) map, smaller than its (?P<window>\S+) window",
         translate("CoreReason", "(layer {n}) gets a {shape} map, smaller than its {window} window")),
        (r"\(layer (?P<n>\d+)\) needs flat features but gets (?P<shape>\S+): put Flatten before it",
         translate("CoreReason", "(layer {n}) needs flat features but gets {shape}: put Flatten before it")),
        (r"\(layer (?P<n>\d+)\) is the last Linear: it gives the dataset's (?P<c>\d+) classes, "
         r"so write Linear without a number",
         translate("CoreReason", "(layer {n}) is the last Linear: it gives the dataset's {c} classes, "
                         "so write Linear without a number")),
        (r"\(layer (?P<n>\d+)\) needs out_features, e\.g\. Linear\(512\)",
         translate("CoreReason", "(layer {n}) needs out_features, e.g. Linear(512)")),
        (r"applies to models that are a sequence of layers \(nn\.Sequential\); (?P<name>.+) is not one",
         translate("CoreReason", "applies to models that are a sequence of layers (nn.Sequential); {name} is not one")),
        (r"is more than the model's (?P<n>\d+) layers", translate("CoreReason", "is more than the model's {n} layers")),
        (r"must be float32 with amp: .*",
         translate("CoreReason", "must be float32 with mixed precision: autocast keeps the model in float32 "
                                 "and computes in the mixed-precision dtype")),
        (r"is more than the (?P<size>[\d,]+) B CUDA reports for (?P<gpu>.+)",
         translate("CoreReason", "is more than the {size} B CUDA reports for {gpu}")),
        (r"does not exist", translate("CoreReason", "does not exist")),
        (r"is not a file", translate("CoreReason", "is not a file")),
        (r"must be path\.py:NAME, NAME a class or function in the file",
         translate("CoreReason", "must be path.py:NAME, NAME a class or function in the file")),
        (r"names nothing: (?P<file>.+) defines no (?P<name>\w+)",
         translate("CoreReason", "names nothing: {file} defines no {name}")),
        (r"is neither an nn\.Module class nor a function",
         translate("CoreReason", "is neither an nn.Module class nor a function")),
        (r"gives a (?P<type>\w+), not an nn\.Module", translate("CoreReason", "gives a {type}, not an nn.Module")),
        (r"has a syntax error at line (?P<line>\d+): (?P<msg>.+)",
         translate("CoreReason", "has a syntax error at line {line}: {msg}")),
        (r"raised while building: (?P<what>.+)", translate("CoreReason", "raised while building: {what}")),
        (r"raised (?P<what>.+)", translate("CoreReason", "raised {what}")),
        (r"does not take the dataset's (?P<shape>\S+) images: (?P<what>.+)",
         translate("CoreReason", "does not take the dataset's {shape} images: {what}")),
        (r"is not a known model \(see --list-models\)",
         translate("CoreReason", "is not a known torchvision architecture")),
    ]


def core_reason(reason: str) -> str:
    """`reason` in the interface language, where its form is known."""
    for pattern, sentence in _forms():
        found = re.fullmatch(pattern, reason, re.DOTALL)
        if found:
            return sentence.format(**found.groupdict())
    return reason

"""Every sentence memcalc says about bad input, once: a code, and its English template.

A template is what follows "field: value" ("is not a whole number"), or, where it names
`{field}` itself, the whole sentence. The command line renders the English; the window looks each
template up in its translation by the same text, so the parameters (a layer's position, a GPU's
name) travel as values and no sentence is ever parsed back. `QT_TRANSLATE_NOOP` is a marker the
translation tools find in this file; it imports no Qt.
"""

from __future__ import annotations

__all__ = ["CONTEXT", "MESSAGES", "render", "whole_sentence"]

CONTEXT = "ConfigError"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


_ = QT_TRANSLATE_NOOP

MESSAGES: dict[str, str] = {
    # Values of any option
    "not_whole": _("ConfigError", "is not a whole number"),
    "at_least": _("ConfigError", "must be at least {low}"),
    "outside": _("ConfigError", "must be from {low} to {high}"),
    "too_large": _("ConfigError", "is too large"),
    "more_than": _("ConfigError", "is more than {high}"),
    "not_number": _("ConfigError", "is not a number"),
    "decimal_comma": _("ConfigError", "is not a number; write decimals with a point, as in 0.5"),
    "not_string": _("ConfigError", "is not a string"),
    "not_text": _("ConfigError", "is not text"),
    "too_long": _("ConfigError", "is too long ({length} characters)"),
    "not_bool": _("ConfigError", "is not true or false"),
    "not_sizes": _("ConfigError", "is not a list of sizes"),
    "empty": _("ConfigError", "{field} is empty"),
    "empty_item": _("ConfigError", "has an empty width between two commas"),
    "not_one_of": _("ConfigError", "is not one of {choices}"),
    "gib_range": _("ConfigError", "must be a size in GiB from {low} to {high}"),
    "sizes_count": _("ConfigError", "must be {count} sizes {names}"),
    # How options go together
    "needed_with": _("ConfigError", "{field} is needed with {other} {wanted}"),
    "only_with": _("ConfigError", "is only used with {other} {wanted}"),
    "only_with_given": _("ConfigError", "is only used with {other}"),
    "only_mlp": _("ConfigError", "is only used by the MLP, not with {other}"),
    "unknown_key": _("ConfigError", "is not one of {keys}"),
    "given_twice": _("ConfigError", "is given twice"),
    "option_twice": _("ConfigError", "{field} is given twice"),
    "arguments": _("ConfigError", "{message}"),
    "with_jsonl": _("ConfigError", "{field} cannot be combined with --jsonl: each line gives its own options"),
    "with_listing": _("ConfigError", "{field} cannot be combined with {listing}"),
    # The dataset, the GPU, the training loop
    "custom_needs": _("ConfigError", "and classes are needed for a custom dataset"),
    "unknown_gpu": _("ConfigError", "is not a known GPU (see --list-gpus)"),
    "no_calibration": _("ConfigError", "has no calibration yet: run `main.py probe` on a machine with a GPU"),
    "bad_calibration": _("ConfigError", "has no usable calibration: {problem}"),
    "no_local": _("ConfigError", "{field}: this machine's GPU is not known yet"),
    "limit_above_gpu": _("ConfigError", "is more than the {size} B CUDA reports for {gpu}"),
    "amp_float32": _("ConfigError", "must be float32 with amp: autocast keeps the model in float32 and computes "
                                    "in the amp dtype"),
    "not_sequence": _("ConfigError", "applies to models that are a sequence of layers (nn.Sequential); {name} is "
                                     "not one"),
    "more_than_layers": _("ConfigError", "is more than the model's {n} layers"),
    "image_unaddressable": _("ConfigError", "makes an image larger than any machine can address"),
    "unaddressable": _("ConfigError", "is more than any machine can address"),
    "weight_unaddressable": _("ConfigError", "makes a weight larger than any machine can address"),
    "batch_unaddressable": _("ConfigError", "makes a batch larger than any machine can address"),
    # Layer lists
    "no_layers": _("ConfigError", "has no layers"),
    "no_last_linear": _("ConfigError", "need a Linear layer at the end to give the classes"),
    "after_last_linear": _("ConfigError", "(layer {n}) follows the last Linear, which must end the model and give "
                                          "the classes"),
    "layer_form": _("ConfigError", "(layer {n}) is not Name or Name(arguments)"),
    "layer_kind": _("ConfigError", "(layer {n}) is not one of {kinds}"),
    "layer_takes_no": _("ConfigError", "(layer {n}): {kind} takes no {what}"),
    "layer_twice": _("ConfigError", "(layer {n}): {key} is given twice"),
    "layer_needs": _("ConfigError", "(layer {n}): {kind} needs {what}"),
    "layer_not_number": _("ConfigError", "(layer {n}): {key}={text} is not a number"),
    "layer_p": _("ConfigError", "(layer {n}): p={text} must be from 0 to less than 1"),
    "layer_at_least": _("ConfigError", "(layer {n}): {key}={text} must be at least {low}"),
    "layer_too_large": _("ConfigError", "(layer {n}): {key}={text} is too large"),
    "layer_needs_image": _("ConfigError", "(layer {n}) needs a C×H×W image but gets {shape}: put it before Flatten"),
    "layer_padding": _("ConfigError", "(layer {n}): padding {p} is more than half the kernel size {k}"),
    "layer_window": _("ConfigError", "(layer {n}) gets a {shape} map, smaller than its {window} window"),
    "layer_needs_flat": _("ConfigError", "(layer {n}) needs flat features but gets {shape}: put Flatten before it"),
    "last_linear_sized": _("ConfigError", "(layer {n}) is the last Linear: it gives the dataset's {c} classes, so "
                                          "write Linear without a number"),
    "linear_needs_out": _("ConfigError", "(layer {n}) needs out_features, e.g. Linear(512)"),
    # Models: names, files, traces
    "not_model_name": _("ConfigError", "is not a model name"),
    "not_with_layers": _("ConfigError", "cannot be given together with layers"),
    "not_together": _("ConfigError", "cannot be given together with {other}"),
    "unknown_model": _("ConfigError", "is not a known model (see --list-models)"),
    "not_in_torchvision": _("ConfigError", "is not in the installed torchvision {version}"),
    "file_form": _("ConfigError", "must be path.py:NAME, NAME a class or function in the file"),
    "missing": _("ConfigError", "does not exist"),
    "not_file": _("ConfigError", "is not a file"),
    "no_file": _("ConfigError", "{field}: choose a Python file (Browse…)"),
    "no_name": _("ConfigError", "{field}: name the nn.Module class or the function that builds it"),
    "not_python": _("ConfigError", "cannot be imported as Python"),
    "syntax_error": _("ConfigError", "has a syntax error at line {line}: {error}"),
    "raised": _("ConfigError", "raised {error}"),
    "raised_building": _("ConfigError", "raised while building: {error}"),
    "names_nothing": _("ConfigError", "names nothing: {file} defines no {name}"),
    "not_callable": _("ConfigError", "is neither an nn.Module class nor a function"),
    "not_module_class": _("ConfigError", "is a class but not an nn.Module subclass"),
    "not_module": _("ConfigError", "gives a {type}, not an nn.Module"),
    "untraceable_op": _("ConfigError", "uses an op the tracer cannot run: {error}"),
    "wrong_images": _("ConfigError", "does not take the dataset's {shape} images: {error}"),
    "batch_dependent": _("ConfigError", "takes different steps at different batch sizes; memcalc cannot trace it "
                                        "once for all of them"),
    "not_scores": _("ConfigError", "returns a {type}, not one tensor of class scores"),
    "scores_shape": _("ConfigError", "gives an output of shape {shape}; CrossEntropyLoss needs (batch, {classes}) "
                                     "for the dataset's {classes} classes"),
    "sequence_type": _("ConfigError", "applies to models that are a sequence of layers (nn.Sequential); {name} is a "
                                      "{type}"),
    # PYTORCH_CUDA_ALLOC_CONF
    "alloc_form": _("ConfigError", "is not text like expandable_segments:True"),
    "alloc_no_value": _("ConfigError", "has no value (write key:value, e.g. expandable_segments:True)"),
    "alloc_comma": _("ConfigError", "expects ',' after {setting}"),
    "alloc_bool": _("ConfigError", "must be True or False for expandable_segments, as PyTorch reads it"),
    "alloc_split": _("ConfigError", "must be a whole number of MiB, at least {low}, for max_split_size_mb"),
    "alloc_unmodelled": _("ConfigError", "is a PyTorch setting memcalc does not model (it models "
                                         "expandable_segments and max_split_size_mb)"),
    "alloc_unknown": _("ConfigError", "is not a key of PYTORCH_CUDA_ALLOC_CONF"),
    # Files the command line reads
    "jsonl_name": _("ConfigError", "is not a file name ('-' reads stdin)"),
    "stdin_closed": _("ConfigError", "cannot be read: stdin is closed"),
    "unreadable": _("ConfigError", "cannot be read: {error}"),
    "unreadable_after": _("ConfigError", "cannot be read after line {line}: {error}"),
    "line_too_long": _("ConfigError", "{error}"),
    # The window
    "failed": _("ConfigError", "The estimate failed: {error}"),
}


def whole_sentence(template: str) -> bool:
    """A template that names the field itself is the whole sentence, not what follows the value."""
    return "{field}" in template


def render(code: str, field: str, value: object, params: dict[str, object]) -> str:
    """The English sentence: "field: value reason", or the whole-sentence template."""
    template = MESSAGES[code]
    reason = template.format(field=field, **params)
    return reason if whole_sentence(template) else f"{field}: {value!r} {reason}"

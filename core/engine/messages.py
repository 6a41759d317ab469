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


MESSAGES: dict[str, str] = {
    # Values of any option
    "not_whole": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a whole number"),
    "at_least": QT_TRANSLATE_NOOP(
        "ConfigError", "must be at least {low}"),
    "outside": QT_TRANSLATE_NOOP(
        "ConfigError", "must be from {low} to {high}"),
    "too_large": QT_TRANSLATE_NOOP(
        "ConfigError", "is too large"),
    "more_than": QT_TRANSLATE_NOOP(
        "ConfigError", "is more than {high}"),
    "not_number": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a number"),
    "decimal_comma": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a number; write decimals with a point, as in 0.5"),
    "not_string": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a string"),
    "not_text": QT_TRANSLATE_NOOP(
        "ConfigError", "is not text"),
    "too_long": QT_TRANSLATE_NOOP(
        "ConfigError", "is too long ({length} characters)"),
    "not_bool": QT_TRANSLATE_NOOP(
        "ConfigError", "is not true or false"),
    "not_sizes": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a list of sizes"),
    "empty": QT_TRANSLATE_NOOP(
        "ConfigError", "{field} is empty"),
    "empty_item": QT_TRANSLATE_NOOP(
        "ConfigError", "has an empty width between two commas"),
    "not_one_of": QT_TRANSLATE_NOOP(
        "ConfigError", "is not one of {choices}"),
    "gib_range": QT_TRANSLATE_NOOP(
        "ConfigError", "must be a size in GiB from {low} to {high}"),
    "sizes_count": QT_TRANSLATE_NOOP(
        "ConfigError", "must be {count} sizes {names}"),
    "sizes_range": QT_TRANSLATE_NOOP(
        "ConfigError", "must be {low} to {high} sizes {names}"),
    # How options go together
    "needed_with": QT_TRANSLATE_NOOP(
        "ConfigError", "{field} is needed with {other} {wanted}"),
    "only_with": QT_TRANSLATE_NOOP(
        "ConfigError", "is only used with {other} {wanted}"),
    "only_with_given": QT_TRANSLATE_NOOP(
        "ConfigError", "is only used with {other}"),
    "only_mlp": QT_TRANSLATE_NOOP(
        "ConfigError", "is only used by the MLP, not with {other}"),
    "unknown_key": QT_TRANSLATE_NOOP(
        "ConfigError", "is not one of {keys}"),
    "unknown_key_near": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a key; did you mean {near}?"),
    "given_twice": QT_TRANSLATE_NOOP(
        "ConfigError", "is given twice"),
    "option_twice": QT_TRANSLATE_NOOP(
        "ConfigError", "{field} is given twice"),
    "arguments": QT_TRANSLATE_NOOP(
        "ConfigError", "{message}"),
    "with_jsonl": QT_TRANSLATE_NOOP(
        "ConfigError", "{field} cannot be combined with --jsonl: each line gives its own options"),
    "with_listing": QT_TRANSLATE_NOOP(
        "ConfigError", "{field} cannot be combined with {listing}"),
    # The dataset, the GPU, the training loop
    "custom_needs": QT_TRANSLATE_NOOP(
        "ConfigError", "and classes are needed for a custom dataset"),
    "unknown_gpu": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a known GPU (see --list-gpus)"),
    "no_calibration": QT_TRANSLATE_NOOP(
        "ConfigError", "has no calibration yet: run `main.py probe` on a machine with a GPU"),
    "bad_calibration": QT_TRANSLATE_NOOP(
        "ConfigError", "has no usable calibration: {problem}"),
    "no_local": QT_TRANSLATE_NOOP(
        "ConfigError", "{field}: this machine's GPU is not known yet"),
    "limit_above_gpu": QT_TRANSLATE_NOOP(
        "ConfigError", "is more than the {size} B CUDA reports for {gpu}"),
    "amp_float32": QT_TRANSLATE_NOOP(
        "ConfigError", "must be float32 with amp: autocast keeps the model in float32 and computes in the amp dtype"),
    "not_sequence": QT_TRANSLATE_NOOP(
        "ConfigError", "applies to models that are a sequence of layers (nn.Sequential); {name} is not one"),
    "more_than_layers": QT_TRANSLATE_NOOP(
        "ConfigError", "is more than the model's {n} layers"),
    "ids_need_vocab": QT_TRANSLATE_NOOP(
        "ConfigError", "{field} is needed with input_dtype {dtype}: the number of distinct token ids"),
    "mlp_ids": QT_TRANSLATE_NOOP(
        "ConfigError", "is token ids, which the MLP and layer lists cannot take: use a model file that embeds them"),
    "not_in_inference": QT_TRANSLATE_NOOP(
        "ConfigError", "is part of training; inference runs forward only"),
    "accumulation_divides": QT_TRANSLATE_NOOP(
        "ConfigError", "does not divide batch_size {batch}: the batch splits into that many equal micro-batches"),
    "accumulation_distributed": QT_TRANSLATE_NOOP(
        "ConfigError", "is not modelled with strategy {strategy} yet: train on one GPU to accumulate"),
    "image_unaddressable": QT_TRANSLATE_NOOP(
        "ConfigError", "makes an image larger than any machine can address"),
    "unaddressable": QT_TRANSLATE_NOOP(
        "ConfigError", "is more than any machine can address"),
    "weight_unaddressable": QT_TRANSLATE_NOOP(
        "ConfigError", "makes a weight larger than any machine can address"),
    "batch_unaddressable": QT_TRANSLATE_NOOP(
        "ConfigError", "makes a batch larger than any machine can address"),
    # Layer lists
    "no_layers": QT_TRANSLATE_NOOP(
        "ConfigError", "has no layers"),
    "no_last_linear": QT_TRANSLATE_NOOP(
        "ConfigError", "need a Linear layer at the end to give the classes"),
    "after_last_linear": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}) follows the last Linear, which must end the model and give the classes"),
    "layer_form": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}) is not Name or Name(arguments)"),
    "layer_kind": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}) is not one of {kinds}"),
    "layer_takes_no": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}): {kind} takes no {what}"),
    "layer_twice": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}): {key} is given twice"),
    "layer_needs": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}): {kind} needs {what}"),
    "layer_not_number": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}): {key}={text} is not a number"),
    "layer_p": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}): p={text} must be from 0 to less than 1"),
    "layer_at_least": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}): {key}={text} must be at least {low}"),
    "layer_too_large": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}): {key}={text} is too large"),
    "layer_needs_image": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}) needs a C×H×W image but gets {shape}: put it before Flatten"),
    "layer_padding": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}): padding {p} is more than half the kernel size {k}"),
    "layer_window": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}) gets a {shape} map, smaller than its {window} window"),
    "layer_needs_flat": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}) needs flat features but gets {shape}: put Flatten before it"),
    "last_linear_sized": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}) is the last Linear: it gives the dataset's {c} classes, so write Linear without a"
                       " number"),
    "linear_needs_out": QT_TRANSLATE_NOOP(
        "ConfigError", "(layer {n}) needs out_features, e.g. Linear(512)"),
    # Models: names, files, traces
    "not_model_name": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a model name"),
    "not_with_layers": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be given together with layers"),
    "not_together": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be given together with {other}"),
    "unknown_model": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a known model (see --list-models)"),
    "not_in_torchvision": QT_TRANSLATE_NOOP(
        "ConfigError", "is not in the installed torchvision {version}"),
    "file_form": QT_TRANSLATE_NOOP(
        "ConfigError", "must be path.py:NAME, NAME a class or function in the file"),
    "missing": QT_TRANSLATE_NOOP(
        "ConfigError", "does not exist"),
    "not_file": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a file"),
    "no_file": QT_TRANSLATE_NOOP(
        "ConfigError", "{field}: choose a Python file (Browse…)"),
    "no_name": QT_TRANSLATE_NOOP(
        "ConfigError", "{field}: name the nn.Module class or the function that builds it"),
    "not_python": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be imported as Python"),
    "syntax_error": QT_TRANSLATE_NOOP(
        "ConfigError", "has a syntax error at line {line}: {error}"),
    "raised": QT_TRANSLATE_NOOP(
        "ConfigError", "raised {error}"),
    "syntax_error_no_line": QT_TRANSLATE_NOOP(
        "ConfigError", "has a syntax error: {error}"),
    "not_source": QT_TRANSLATE_NOOP(
        "ConfigError", "is not Python source: {error}"),
    "too_deep_to_compile": QT_TRANSLATE_NOOP(
        "ConfigError", "is nested too deeply for Python to compile"),
    "no_home": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be found: {error}"),
    "cannot_open": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be opened: {error}"),
    "called_exit": QT_TRANSLATE_NOOP(
        "ConfigError", "called os._exit({status}){where}"),
    "no_parameters": QT_TRANSLATE_NOOP(
        "ConfigError", "has no parameters to train (the optimizer needs one)"),
    "trace_timeout": QT_TRANSLATE_NOOP(
        "ConfigError", "took longer than {seconds} s to build and trace (the time limit; --trace-timeout changes it)"),
    "timeout_value": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a number of seconds above 0 and at most {high}"),
    "fifo_no_writer": QT_TRANSLATE_NOOP(
        "ConfigError", "is a named pipe that no program wrote to in {seconds} s (--trace-timeout)"),
    "trace_cancelled": QT_TRANSLATE_NOOP(
        "ConfigError", "was not traced: the trace was cancelled (change an input to trace it again)"),
    "raised_building": QT_TRANSLATE_NOOP(
        "ConfigError", "raised while building: {error}"),
    "names_nothing": QT_TRANSLATE_NOOP(
        "ConfigError", "names nothing: {file} defines no {name}"),
    "not_callable": QT_TRANSLATE_NOOP(
        "ConfigError", "is neither an nn.Module class nor a function"),
    "not_module_class": QT_TRANSLATE_NOOP(
        "ConfigError", "is a class but not an nn.Module subclass"),
    "not_module": QT_TRANSLATE_NOOP(
        "ConfigError", "gives a {type}, not an nn.Module"),
    "untraceable_op": QT_TRANSLATE_NOOP(
        "ConfigError", "uses an op the tracer cannot run: {error}"),
    "wrong_images": QT_TRANSLATE_NOOP(
        "ConfigError", "does not take the dataset's {shape} images: {error}"),
    "batch_dependent": QT_TRANSLATE_NOOP(
        "ConfigError", "takes different steps at different batch sizes; memcalc cannot trace it once for all of them"),
    "not_scores": QT_TRANSLATE_NOOP(
        "ConfigError", "returns a {type}, not one tensor of class scores"),
    "scores_shape": QT_TRANSLATE_NOOP(
        "ConfigError", "gives an output of shape {shape}; CrossEntropyLoss needs (batch, {classes}) for the dataset's"
                       " {classes} classes"),
    "token_scores_shape": QT_TRANSLATE_NOOP(
        "ConfigError", "gives an output of shape {shape}; a loss per token needs (batch, length, {classes}) for the"
                       " {classes} classes"),
    "sequence_type": QT_TRANSLATE_NOOP(
        "ConfigError", "applies to models that are a sequence of layers (nn.Sequential); {name} is a {type}"),
    "gpus_need_strategy": QT_TRANSLATE_NOOP(
        "ConfigError", "needs a strategy: ddp or fsdp"),
    "strategy_only": QT_TRANSLATE_NOOP(
        "ConfigError", "is only used with strategy {wanted}"),
    "fsdp_with_amp": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be combined with amp: FSDP's policy casts the parameters itself"),
    "mp_float32": QT_TRANSLATE_NOOP(
        "ConfigError", "must be float32 with fsdp_mixed_precision: FSDP keeps the sharded parameters in float32"),
    "fsdp_no_blocks": QT_TRANSLATE_NOOP(
        "ConfigError", "needs top-level modules that hold parameters, to shard one by one; {name} has none"),
    "blocks_with_segments": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be combined with checkpoint_segments"),
    "no_blocks": QT_TRANSLATE_NOOP(
        "ConfigError", "needs top-level modules with modules inside; {name} is a sequence of layers: use "
                       "checkpoint_segments"),
    # PYTORCH_CUDA_ALLOC_CONF
    "alloc_form": QT_TRANSLATE_NOOP(
        "ConfigError", "is not text like expandable_segments:True"),
    "alloc_no_value": QT_TRANSLATE_NOOP(
        "ConfigError", "has no value (write key:value, e.g. expandable_segments:True)"),
    "alloc_comma": QT_TRANSLATE_NOOP(
        "ConfigError", "expects ',' after {setting}"),
    "alloc_bool": QT_TRANSLATE_NOOP(
        "ConfigError", "must be True or False for expandable_segments, as PyTorch reads it"),
    "alloc_split": QT_TRANSLATE_NOOP(
        "ConfigError", "must be a whole number of MiB, at least {low}, for max_split_size_mb"),
    "alloc_unmodelled": QT_TRANSLATE_NOOP(
        "ConfigError", "is a PyTorch setting memcalc does not model (it models expandable_segments and "
                       "max_split_size_mb)"),
    "alloc_unknown": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a key of PYTORCH_CUDA_ALLOC_CONF"),
    # Files the command line reads
    "jsonl_name": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a file name ('-' reads stdin)"),
    "stdin_closed": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be read: stdin is closed"),
    "unreadable": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be read: {error}"),
    "unreadable_after": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be read after line {line}: {error}"),
    "line_too_long": QT_TRANSLATE_NOOP(
        "ConfigError", "{error}"),
    "cannot_write": QT_TRANSLATE_NOOP(
        "ConfigError", "cannot be written: {reason}"),
    "bad_snapshot": QT_TRANSLATE_NOOP(
        "ConfigError", "is not a memory snapshot memcalc can read: {reason}"),
    # The window
    "failed": QT_TRANSLATE_NOOP(
        "ConfigError", "The estimate failed: {error}"),
}


def whole_sentence(template: str) -> bool:
    """A template that names the field itself is the whole sentence, not what follows the value;
    so is "{message}", a sentence argparse made (it names the option and the value itself)."""
    return "{field}" in template or template == "{message}"


def render(code: str, field: str, value: object, params: dict[str, object]) -> str:
    """The English sentence: "field: value reason", or the whole-sentence template."""
    template = MESSAGES[code]
    reason = template.format(field=field, **params)
    return reason if whole_sentence(template) else f"{field}: {value!r} {reason}"

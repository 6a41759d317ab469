"""The model chooser beside the dataset, and the memory inputs: each source shows its own input,
the torchvision list is searched by any part of a name, checkpointing is offered only where it
applies, and the choices persist."""

from PySide6.QtCore import QSettings

from gui.inputs.model_chooser import module_names
from gui.window import MainWindow


def _pick(window, source):
    chooser = window.inputs.chooser
    chooser.source.setCurrentIndex(chooser.source.findData(source))


def _shown(window, widget):
    return window.inputs.row_shown(widget)


def test_each_source_shows_its_own_input(qtbot, window, monkeypatch):
    chooser = window.inputs.chooser
    assert _shown(window, chooser.hidden) and not _shown(window, chooser.architecture)
    opened = []
    window.inputs.builderRequested.connect(lambda: opened.append(True))
    _pick(window, "layers")
    assert window.model.inputs.state.model == "layers" and opened and _shown(window, chooser.layers_row)
    assert chooser.layers_summary.text() == "17 layers" and not _shown(window, chooser.hidden)
    _pick(window, "torchvision")
    assert _shown(window, chooser.architecture) and not _shown(window, chooser.layers_row)
    monkeypatch.setattr("gui.inputs.model_chooser.QFileDialog.getOpenFileName", lambda *a, **k: ("", ""))
    _pick(window, "file")
    assert _shown(window, chooser.file_row) and _shown(window, chooser.file_name)
    assert "choose a Python file" in window.inputs.error_text()
    _pick(window, "course-cnn")
    assert window.model.inputs.config.model_spec.name == "course-cnn" and not window.inputs.error_text()


def test_the_architecture_list_is_searched_by_any_part(qtbot, window):
    box = window.inputs.chooser.architecture
    completer = box.completer()
    completer.setCompletionPrefix("net50")
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert "resnet50" in found and "wide_resnet50_2" in found and "vgg11" not in found
    box.setCurrentText("vgg11")
    assert window.model.inputs.state.architecture == "vgg11"
    box.setCurrentText("vgg1")  # half typed: the last whole name stays
    assert window.model.inputs.state.architecture == "vgg11"


def test_checkpointing_only_for_a_sequence_of_layers(qtbot, window):
    memory = window.inputs.memory
    _pick(window, "course-cnn")
    assert memory.checkpoint.isEnabled() and "17 layers" in memory.checkpoint.toolTip()
    memory.checkpoint.setValue(4)
    assert window.model.inputs.config.checkpoint_segments == 4
    _pick(window, "torchvision")
    assert window.model.inputs.state.checkpoint_segments == 0 and not memory.checkpoint.isEnabled()
    assert "resnet18 is not one" in memory.checkpoint.toolTip()


def test_mixed_precision_and_allocator_inputs(qtbot, window):
    memory = window.inputs.memory
    assert not memory.grad_scaler.isEnabled()
    memory.amp.setCurrentIndex(memory.amp.findData("float16"))
    assert memory.grad_scaler.isEnabled() and window.model.inputs.config.amp == "float16"
    memory.grad_scaler.setChecked(False)
    assert window.model.inputs.config.grad_scaler is False
    memory.expandable.setChecked(True)
    memory.max_split.setText("5")
    assert "max_split_size_mb" in window.inputs.error_text() and "at least 20" in window.inputs.error_text()
    memory.max_split.setText("64")
    memory.limit.setText("16")
    config = window.model.inputs.config
    assert config.alloc_conf == "expandable_segments:True,max_split_size_mb:64"
    assert config.allocator_limit_bytes == 16 << 30


def test_module_names_are_read_without_running_the_file(tmp_path):
    net = tmp_path / "net.py"
    net.write_text("raise SystemExit('never run')\n\ndef make():\n    pass\n\nclass Net:\n    pass\n\n"
                   "def _helper():\n    pass\n")
    assert module_names(str(net)) == ["Net", "make"]
    (tmp_path / "bad.py").write_text("class (:\n")
    assert module_names(str(tmp_path / "bad.py")) == [] and module_names(str(tmp_path / "none.py")) == []


DEEP = "class Net:\n    pass\n\ndef make():\n    return a" + ".b" * 100_000 + "\n"


def test_the_names_of_a_file_too_deeply_nested_to_parse_are_still_read(tmp_path):
    (tmp_path / "deep.py").write_text(DEEP)
    assert module_names(str(tmp_path / "deep.py")) == ["Net", "make"]


def test_layer_lists_and_file_choices_persist(qtbot, window, languages, tmp_path):
    window.builder.start_empty.click()
    window.builder.add("Flatten")
    window.builder.add("Linear")
    layers = window.model.inputs.state.layers
    window.model.inputs.update(model_file=str(tmp_path / "net.py"), model_name="Net", architecture="vgg11",
                               amp="bfloat16", expandable_segments=True)
    window.save_settings(QSettings())
    other = MainWindow(languages)
    qtbot.addWidget(other)
    assert other.restore_settings(QSettings()) == []
    restored = other.model.inputs.state
    assert (restored.model, restored.layers, restored.model_file, restored.model_name) == (
        "layers", layers, str(tmp_path / "net.py"), "Net")
    assert (restored.architecture, restored.amp, restored.expandable_segments) == ("vgg11", "bfloat16", True)
    assert other.builder.table.rowCount() == 2
    other.stop_workers()

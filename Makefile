VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

PKG_STAMP := $(VENV)/.package-stamp

.PHONY: run test lint bench bench-startup package package-smoke clean

# pip install -e also compiles core/engine/replay/_compiled.c in place (setup.py).
$(STAMP): pyproject.toml setup.py core/engine/replay/_compiled.c
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The linter, the type checker (strict on the engine) and the import contracts of pyproject.toml.
lint: $(STAMP)
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/mypy --no-incremental
	$(VENV)/bin/lint-imports --no-cache

bench: $(STAMP)
	$(PY) bench/speed.py

bench-startup: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/startup.py

$(PKG_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,package]'
	touch $(PKG_STAMP)

# A one-folder bundle in dist/memcalc; always --clean, or a changed collect option is ignored.
package: $(PKG_STAMP)
	$(VENV)/bin/pyinstaller --clean --noconfirm --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/memcalc.spec

# The bundle's own smoke test: GUI offscreen, an estimate, a PNG, resources, torch and
# torchvision; started from / so that nothing is found through the working directory.
package-smoke: package
	cd / && QT_QPA_PLATFORM=offscreen $(CURDIR)/dist/memcalc/memcalc --smoke-test $(CURDIR)/build/smoke.png

clean:
	rm -rf $(VENV) build dist *.egg-info

# The two entry points of the README.  Everything runs inside .venv, made on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_DB ?= sample.db

# requirements.lock pins every package (all extras) for CPython 3.11 on x86-64 Linux.
LOCK := requirements.lock
UV_VERSION := 0.13.9
LOCK_ARGS := pyproject.toml --all-extras --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	--quiet --no-header --annotation-style line -o $(LOCK)

.PHONY: demo test install lock lock-upgrade clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# System packages first (Tesseract and its Swedish model for OCR: apt-get, if missing), then
# exactly the locked versions, then the project itself without resolving anything again;
# `pip check` fails when pyproject.toml needs a package the lock lacks (run `make lock`).
$(BIN)/samverkan: pyproject.toml $(LOCK) | $(BIN)/python
	scripts/system-packages.sh
	$(BIN)/pip install --quiet -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check || { echo "requirements.lock lacks a dependency of pyproject.toml: run 'make lock'" >&2; exit 1; }
	touch $(BIN)/samverkan

install: $(BIN)/samverkan

$(BIN)/uv: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

## Update requirements.lock after editing pyproject.toml's dependencies: keeps every pin it
## can and adds what is new (seconds).  `make lock-upgrade` moves every pin to the newest release.
lock: $(BIN)/uv
	$(BIN)/uv pip compile $(LOCK_ARGS)

lock-upgrade: $(BIN)/uv
	$(BIN)/uv pip compile --upgrade $(LOCK_ARGS)

## Run the whole pipeline on the bundled sample corpus and show who signed what with whom.
demo: install
	rm -f $(SAMPLE_DB) $(SAMPLE_DB)-wal $(SAMPLE_DB)-shm
	$(BIN)/samverkan run corpus/sample --db $(SAMPLE_DB) || [ $$? -eq 1 ]  # 1: some files could not be read (listed)
	$(BIN)/samverkan query signatories --db $(SAMPLE_DB)

## Run the test suite.
test: install
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) $(SAMPLE_DB) *.egg-info

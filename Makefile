# The two entry points of the README.  Everything runs inside .venv, made on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_DB ?= sample.db

.PHONY: demo test install clean

$(BIN)/samverkan: pyproject.toml
	scripts/system-packages.sh  # Tesseract and its Swedish model for OCR (apt-get, if missing)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,ocr]'
	touch $(BIN)/samverkan

install: $(BIN)/samverkan

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

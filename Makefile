# The two commands a newcomer types: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE := examples/azerbaijan-russia-2022-12-23.txt

.PHONY: setup demo test eval bench clean

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,web]"
	touch $@

setup: $(BIN)/eventwire

demo: setup            ## set up, then code the bundled sample and print its events
	$(BIN)/eventwire code $(SAMPLE)

test: setup            ## validate the data files, then run the whole test suite
	$(BIN)/eventwire lexicon check
	$(BIN)/python -m pytest

eval: setup            ## score the coder on the peer suites (needs ../shared)
	$(BIN)/eventwire eval petr2 ../shared/eval/petr2-gsr-validation.xml
	$(BIN)/eventwire eval plover ../shared/eval/plover-gsr.json

clean:
	rm -rf $(VENV) build *.egg-info

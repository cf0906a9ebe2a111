# The two commands: `make run` and `make test`. Everything else is a step they use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# A Python >= 3.12: $PYTHON, else the first python3.x on PATH that runs and is new enough,
# else one that pyenv holds.
PYTHON_OK = $(shell "$(1)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 && echo yes)
PYENV_ROOT_DIR := $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
CANDIDATES := $(PYTHON) python3.14 python3.13 python3.12 python3 \
	$(sort $(wildcard $(PYENV_ROOT_DIR)/versions/3.1[2-9]*/bin/python3))
FOUND_PYTHON := $(firstword $(foreach p,$(CANDIDATES),$(if $(call PYTHON_OK,$(p)),$(p))))

.PHONY: help run test install lint typecheck pytest migrate demo messages bench clean

help:
	@echo "make run   - install, migrate, load the demo and serve on http://127.0.0.1:$(PORT)"
	@echo "make test  - install, then ruff, mypy and the whole test suite"

$(BIN)/python:
	@if [ -z "$(FOUND_PYTHON)" ]; then \
		echo "Python 3.12 or newer is needed and none was found."; \
		echo "Install one (e.g. apt-get install python3.12, or pyenv install 3.12),"; \
		echo "or point PYTHON at it: make PYTHON=/path/to/python3.12 run"; \
		exit 1; \
	fi
	@echo "Creating $(VENV) with $(FOUND_PYTHON)"
	"$(FOUND_PYTHON)" -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	DEBUG=true $(BIN)/python manage.py loaddemo

run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)"
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy peerlearning

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

# Regenerate the translation catalogues after changing strings (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l es -l fr -l ar --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=build
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var

# The two commands: `make run` and `make test`. Everything else is a step they use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python may write its bytecode, and pytest its rewritten test modules, even where the
# environment says not to (PYTHONDONTWRITEBYTECODE): without them every test worker and every
# command compiles the project again (collecting the suite took 16 s a worker, not 4.5 s).
unexport PYTHONDONTWRITEBYTECODE

VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST := 127.0.0.1
URL = http://$(HOST):$(PORT)
VAR := var

# A Python >= 3.12: $PYTHON, else the first python3.x on PATH that runs and is new enough,
# else one that pyenv holds.
PYTHON_OK = $(shell "$(1)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 && echo yes)
PYENV_ROOT_DIR := $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
CANDIDATES := $(PYTHON) python3.14 python3.13 python3.12 python3 \
	$(sort $(wildcard $(PYENV_ROOT_DIR)/versions/3.1[2-9]*/bin/python3))
FOUND_PYTHON := $(firstword $(foreach p,$(CANDIDATES),$(if $(call PYTHON_OK,$(p)),$(p))))

.PHONY: help run dev test audit install libraries port-free lint typecheck pytest migrate demo messages bench clean

help:
	@echo "make run   - install, load the demo and serve it as production does on $(URL)"
	@echo "make test  - install, then ruff, mypy and the whole test suite"
	@echo "make dev   - the same demo on Django's development server (reloading, DEBUG on)"

$(BIN)/python:
	@if [ -z "$(FOUND_PYTHON)" ]; then \
		echo "No Python 3.12 or newer found: apt-get install python3 python3-venv (or make PYTHON=/path/to/python3.12 $(MAKECMDGOALS))"; \
		exit 1; \
	fi
	@"$(FOUND_PYTHON)" -c 'import ensurepip' 2>/dev/null || { \
		echo "$(FOUND_PYTHON) cannot create a virtualenv: apt-get install python3-venv"; exit 1; }
	@echo "Creating $(VENV) with $(FOUND_PYTHON)"
	"$(FOUND_PYTHON)" -m venv $(VENV)

# --no-compile: pip would compile every module of every package (half of installing: 47 s ->
# 28 s); Python compiles those it imports, once, on first use (bytecode written, see above).
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.txt
	$(BIN)/python -m pip install --quiet --no-compile --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-compile --no-deps -e .
	@touch $@

install: $(VENV)/.installed

# WeasyPrint renders the PDF reports with Pango, and cuts the fonts it embeds down to the letters
# used with HarfBuzz's subsetter (without it, fontTools in Python: a report takes 3 times as long).
libraries:
	@for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do \
		/sbin/ldconfig -p 2>/dev/null | grep -q "$$lib" || { \
			echo "WeasyPrint (PDF reports) needs $$lib: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"; \
			exit 1; }; \
	done

port-free:
	@if (exec 3<>/dev/tcp/$(HOST)/$(PORT)) 2>/dev/null; then \
		echo "Port $(PORT) on $(HOST) is already in use: stop what serves there, or choose another port: PORT=8123 make $(MAKECMDGOALS)"; \
		exit 1; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	DEBUG=true $(BIN)/python manage.py loaddemo

$(VAR)/secret-key: | install
	@mkdir -p $(VAR)
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# `make run` serves as production does: gunicorn, DEBUG off, static files hashed and
# pre-compressed (gzip and brotli) by WhiteNoise, HTML compressed where safe, the production
# security headers; SQLite under var/. E-mail is printed here instead of sent.
RUN_ENV = DEBUG=false STATIC_MANIFEST=true SECRET_KEY_FILE=$(VAR)/secret-key SITE_URL=$(URL) \
	EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
GUNICORN = $(BIN)/gunicorn peerlearning.wsgi:application --bind $(HOST):$(PORT) \
	--workers 3 --threads 2 --access-logfile - --graceful-timeout 5 --no-control-socket

run: libraries port-free install $(VAR)/secret-key
	@$(RUN_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	@$(RUN_ENV) $(BIN)/python manage.py collectstatic --no-input --clear -v 0
	@# The demo on a DEBUG-off server: --force says this is on purpose.
	@$(RUN_ENV) $(BIN)/python manage.py loaddemo --force
	@echo ""
	@echo "Serving the demo as production does (gunicorn, DEBUG off) on $(URL)"
	@echo "Sign in with the demo accounts above. Ctrl-C stops."
	@$(RUN_ENV) exec $(GUNICORN)

# `make dev`: Django's development server, reloading on every change, DEBUG on.
dev: libraries port-free demo
	@echo ""
	@echo "Development server (reloads on changes, DEBUG on) on $(URL)"
	@echo "Sign in with the demo accounts above. Ctrl-C stops."
	@DEBUG=true SITE_URL=$(URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy peerlearning

# One worker per core; a test module stays on one worker, so it builds its shared world once.
PYTEST_WORKERS ?= auto
pytest: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

test: lint typecheck pytest

# Known vulnerabilities in the pinned requirements (needs a route to pypi.org): .ci/audit.
audit: install
	bash .ci/audit

# Regenerate the translation catalogues after changing strings (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l es -l fr -l ar --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=build
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var

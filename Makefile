# Two commands set everything up on a fresh Debian/Ubuntu machine (as root):
#   make demo   install into .venv, build the demo county, serve it on 127.0.0.1:8000
#   make test   install the dev dependencies into .venv and run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small
export DJANGO_SETTINGS_MODULE ?= gongkai.settings

.PHONY: demo test lint format bench venv deps-base deps-dev sysdeps serve clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip uv

# Stamp files make a second run reuse what is installed; they are rebuilt when the lock files change.
$(VENV)/.base-installed: requirements/base.txt | $(PY)
	$(UV) pip install --quiet --python $(PY) -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(PY)
	$(UV) pip install --quiet --python $(PY) -r requirements/dev.txt
	touch $@ $(VENV)/.base-installed

# Debian packages: Chromium for the browser tests (never `playwright install`: it downloads a browser).
$(VENV)/.sysdeps-installed: | $(PY)
	bash scripts/install-system-packages.sh
	touch $@

deps-base: $(VENV)/.base-installed
deps-dev: $(VENV)/.dev-installed $(VENV)/.sysdeps-installed

# The demo's own key for 依申请公开 personal data (encrypted at rest; gongkai/foi/crypto.py),
# made once per checkout; a real installation sets GONGKAI_DATA_KEY or GONGKAI_DATA_KEY_FILE.
DEMO_DATA_KEY := var/demo_data_key

demo: export GONGKAI_DATA_KEY_FILE ?= $(DEMO_DATA_KEY)
demo: deps-base
	@mkdir -p var
	@test -s $(DEMO_DATA_KEY) || $(PY) -c "import base64,os;print(base64.b64encode(os.urandom(32)).decode())" > $(DEMO_DATA_KEY)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py demo_county --scale $(SCALE)
	@# Background work (search/reference index tasks) and the periodic jobs (scheduled
	@# publishing, channel freshness …) run beside the server and stop with it.
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --no-startup-delay --interval 2 >var/worker.log 2>&1 & \
	$(PY) manage.py run_jobs --every 300 >var/jobs.log 2>&1 & \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: deps-dev
	$(PY) manage.py makemigrations --check --dry-run --verbosity 1
	$(VENV)/bin/pytest

lint: deps-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: deps-dev
	$(PY) bench/bench_deadlines.py

clean:
	rm -rf $(VENV) var/ static_collected/

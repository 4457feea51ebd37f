# Wushe — set-up, run, test, bench. Every target is idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed

.PHONY: install run test test-fast lint bench assets migrate demo worker clean check-deploy messages

install: $(STAMP) $(NPM_STAMP) static/vendor/.copied var/dev.env
	@echo "Installed. 'make run' starts the demo."

$(STAMP): pyproject.toml requirements.lock
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

static/vendor/.copied: $(NPM_STAMP) scripts/copy_assets.py
	$(BIN)/python scripts/copy_assets.py
	@touch $@

# Development defaults for a bare `manage.py` in this checkout (read by manage.py only; the
# environment always wins, and production has no such file).
var/dev.env:
	@mkdir -p var
	@printf '# Development defaults for manage.py in this checkout; written by make install.\nDEBUG=true\n' > $@

migrate: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=true $(BIN)/python manage.py seed_demo

run: demo
	@echo
	@echo "Wushe is starting on http://127.0.0.1:$(PORT)/"
	@DEBUG=true $(BIN)/python manage.py demo_logins
	@DEBUG=true $(BIN)/python manage.py db_worker --interval 2 >var/worker.log 2>&1 & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install
	DEBUG=true $(BIN)/python manage.py db_worker

# The whole suite, in parallel. Browser tests use Debian's Chromium (/usr/bin/chromium).
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n $${PYTEST_WORKERS:-auto} --dist loadfile $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -n auto -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

check-deploy: install
	DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=wushe.example.org \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# Re-extract the translatable strings (needs GNU gettext), fill zh_Hans, compile both catalogues.
# New English entries arrive empty: translate them in locale/en/LC_MESSAGES/django.po, then
# run this again (tests/core/test_catalogues.py fails while any entry is untranslated).
messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l zh_Hans -l en --no-obsolete --no-location \
	  -i ".venv/*" -i "node_modules/*" -i "static/vendor/*" -i "*/migrations/*" -i "tests/*" \
	  -i "bench/*" -i "scripts/*" -i "docs/*" -i "var/*"
	$(BIN)/python scripts/fill_zh_catalogue.py
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=static/vendor

clean:
	rm -rf $(VENV) node_modules static/vendor var/staticfiles

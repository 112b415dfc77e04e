# The two commands of the README: `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# A local run over plain http on 127.0.0.1, otherwise exactly as in production.
RUN_ENV := DJANGO_HTTPS=false DJANGO_SERVE_MEDIA=true LOG_FORMAT=plain

.PHONY: run test lint install install-test messages makemessages static migrate seed check help

help:
	@echo "make run   - install, load the seed content and serve http://127.0.0.1:$(PORT)/"
	@echo "make test  - install and run the whole test suite"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Compiles locale/*/LC_MESSAGES/django.po with Babel (no system gettext needed).
messages: install
	$(BIN)/pybabel compile --domain django --directory locale --use-fuzzy --statistics 2>&1 | grep -v "^compiling" || true
	@test -f locale/fr/LC_MESSAGES/django.mo

# For developers: refresh the catalogue after changing translatable text (needs gettext).
makemessages: install
	$(PY) manage.py makemessages --locale fr --no-obsolete --ignore ".venv/*" --ignore "staticfiles/*"

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

migrate: install
	$(PY) manage.py migrate --noinput --verbosity 0

seed: migrate
	$(PY) manage.py load_seed

run: messages static seed
	$(RUN_ENV) $(BIN)/gunicorn mocsite.wsgi --config gunicorn.conf.py --bind 127.0.0.1:$(PORT)

# pytest exits 5 when it collected no test: say so plainly instead of failing obscurely.
test: install-test messages static
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

# Ruff, with the rule set and format of pyproject.toml (CI runs it too).
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The production rehearsal (tests/prod/): docs/nginx/mocsite.conf and docs/systemd/ run for
# real on loopback (nginx, two gunicorn app servers, PostgreSQL database mocsite_prod_check
# on 127.0.0.1:5432, Redis, moto's S3, an SMTP stand-in), each started and stopped by the
# script, which installs nginx and moto if absent; about 3 minutes.
.PHONY: prod-check
prod-check: messages
	$(PY) -m tests.prod.rehearsal $(PROD_CHECK_ARGS)

# The benchmark (docs/benchmarks.md): gunicorn on 127.0.0.1 loaded with wrk, on a
# PostgreSQL database of its own (mocsite_bench on 127.0.0.1:5432, made and dropped by the
# harness), about 15 minutes; BENCH_ARGS="--duration 5 --concurrency 1,16" to change it.
.PHONY: bench
bench: messages
	@test -x /usr/bin/wrk || command -v wrk >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } || \
		{ sudo -n apt-get update -qq && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PY) -m tests.bench.harness $(BENCH_ARGS)

# Lighthouse mobile on the home, disease, publication list and episode pages in both
# languages (tests/lighthouse/run.py, docs/lighthouse.md): the site served as `make run`
# serves it, from a temporary directory, on a free port of 127.0.0.1; installs the
# lighthouse npm package into ~/.cache/mocsite-lighthouse if absent (needs npm and
# /usr/bin/chromium); a few minutes, and CPU-noisy, so not part of `make test` nor CI.
# LIGHTHOUSE_ARGS="--threshold 95 --runs 3" to change it.
.PHONY: lighthouse
lighthouse: messages
	$(PY) -m tests.lighthouse.run $(LIGHTHOUSE_ARGS)

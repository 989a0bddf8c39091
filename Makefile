# Everyday commands. Each runs the project's own venv tools (make a venv first: see README, Quick start).
# `make revision m="what changed"` autogenerates an Alembic migration; review the new file before committing.

VENV ?= .venv
PY := $(VENV)/bin/python
BENCHES := turns speech resume_parse dashboard questions

.PHONY: lint test bench revision ci

lint:  ## ruff (including the quote style) and mypy, as CI runs them
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test:  ## the whole suite (SQLite, and PostgreSQL when one answers; browser tests with Debian Chromium)
	$(PY) -m pytest -q

bench:  ## every benchmark in its quick mode; each prints one JSON line last
	@for name in $(BENCHES); do echo "== bench/$$name.py --quick"; $(PY) bench/$$name.py --quick || exit 1; done

revision:  ## make revision m="what changed" [id=branch_1]: autogenerate a migration from the tables in app/models/
	@test -n "$(m)" || { echo 'usage: make revision m="what changed" [id=branch_1]'; exit 2; }
	$(PY) -c "import sys; from alembic import command; from app.db import alembic_config; \
	command.revision(alembic_config(), message=sys.argv[1], rev_id=sys.argv[2] or None, autogenerate=True)" "$(m)" "$(id)"

ci:  ## everything from scratch, as CI does (fresh venv, PostgreSQL, Chromium, lint, types, tests)
	./.ci/run

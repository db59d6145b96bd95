# DogPass: every target sets itself up (virtualenv, pinned install, migrations) on a fresh clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := wsgi
# The make targets are the development workflow: DOGPASS_ENV=development (laptop secrets allowed) and the WeChat
# sandbox on, unless you say otherwise. The app itself defaults to production, which refuses both (README, "Running
# in production"); `DOGPASS_ENV=production make worker` leaves the sandbox off.
export DOGPASS_ENV ?= development
export WECHAT_SANDBOX ?= $(if $(filter production,$(DOGPASS_ENV)),0,1)

.PHONY: install migrate demo run test test-fast lint bench walk lock worker beat clean console console-types \
        console-lint console-test drill fuzz

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

# The staff console (console/): npm ci when package-lock.json changed, a build when a source changed. The stamps are
# files, so `make run` and `make test` rebuild only what is out of date (and everything on a fresh clone).
CONSOLE_SOURCES := $(shell find console/src console/public -type f 2>/dev/null) console/index.html \
                   console/vite.config.ts console/tsconfig.json console/tsconfig.app.json console/package.json
CONSOLE_DEPS    := console/node_modules/.installed
CONSOLE_BUILT   := console/dist/.built
OPENAPI_JSON    := console/node_modules/.cache/openapi.json

$(CONSOLE_DEPS): console/package-lock.json
	cd console && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CONSOLE_BUILT): $(CONSOLE_DEPS) $(CONSOLE_SOURCES)
	cd console && npx vite build --logLevel warn
	@touch $@

console: $(CONSOLE_BUILT)

# Regenerates the console's API types from the OpenAPI document (after changing an endpoint or a schema).
console-types: install $(CONSOLE_DEPS)
	@mkdir -p $(dir $(OPENAPI_JSON))
	$(BIN)/python console/scripts/dump_openapi.py $(OPENAPI_JSON)
	cd console && npx openapi-typescript node_modules/.cache/openapi.json -o src/api/schema.d.ts --silent

# Fails when the committed types differ from what the OpenAPI document gives today, then type-checks and lints.
console-lint: install $(CONSOLE_DEPS)
	@mkdir -p $(dir $(OPENAPI_JSON))
	$(BIN)/python console/scripts/dump_openapi.py $(OPENAPI_JSON)
	cd console && npx openapi-typescript node_modules/.cache/openapi.json -o node_modules/.cache/schema.d.ts --silent
	@cmp -s console/src/api/schema.d.ts console/node_modules/.cache/schema.d.ts || \
	  { echo "console/src/api/schema.d.ts is stale (the API changed): run make console-types and commit it"; exit 1; }
	cd console && npx vue-tsc --noEmit -p tsconfig.app.json
	cd console && npx eslint --max-warnings 0 .

console-test: $(CONSOLE_DEPS)
	cd console && npx vitest run

migrate: install
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask demo seed

# Serves on $(PORT) with the WeChat sandbox on (override with WECHAT_SANDBOX=0 and real credentials), the payment
# sandboxes, and the demo fee schedule (non-zero fees, so every flow shows its payment step).
run: export FEE_SCHEDULE_FILE ?= backend/data/fees.demo.json
run: migrate console
	$(BIN)/flask demo seed
	PORT=$(PORT) $(BIN)/flask run --host 0.0.0.0 --port $(PORT) --with-threads

# lint-imports holds the contracts of pyproject.toml (who may import whom); tools/check_import_cycles.py fails on any
# import cycle between our modules, imports inside functions included.
lint: install console-lint
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python tools/check_import_cycles.py

# Every test: unit, API (SQLite and MariaDB), integration (MariaDB, Redis, a real Celery worker), black-box walk,
# the console's unit tests (Vitest) and its end-to-end tests in Chromium. Without those services (or Chromium) the
# tests skip with a printed reason; with CI=true they fail instead.
test: lint console console-test
	$(BIN)/pytest --ignore=tests/drills $(PYTEST_ARGS)

# Failure drills (tests/drills): two gunicorn nodes behind Debian's nginx, two Celery workers and beat on a private
# Redis, a private MariaDB; a node, the database, Redis and a worker fail under load, and every drill counts that
# nothing was lost. Needs nginx, mariadb-server and redis-server (.ci/run installs them); ~10 minutes.
drill: install console
	$(BIN)/pytest tests/drills -s $(PYTEST_ARGS)

# The schemathesis run of make test (tests/fuzz), deeper: FUZZ_EXAMPLES generated requests per operation and phase
# (default 200), random seeds, on SQLite and MariaDB. Shrunk failures print a curl line to replay.
fuzz: install
	FUZZ_DEEP=1 FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/pytest tests/fuzz $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -x tests/unit tests/api -k "sqlite or not mariadb" $(PYTEST_ARGS)

# Runs every README curl walk (backend.demo.WALKS) against a server already started with `make run`.
walk: install
	for walk in $$($(BIN)/python -c 'from backend.demo import WALKS; print(*WALKS)'); do \
	  echo "== $$walk"; \
	  BASE_URL=http://127.0.0.1:$(PORT) bash -c "$$($(BIN)/python -c "from backend.demo import walk_script; print(walk_script('$$walk'))")" || exit 1; \
	done

bench: install console
	$(BIN)/python -m bench $(BENCH_ARGS)

worker: migrate
	$(BIN)/celery -A wsgi.celery worker --loglevel=INFO

beat: migrate
	$(BIN)/celery -A wsgi.celery beat --loglevel=INFO

# Re-pin requirements*.txt from requirements*.in in a clean virtualenv.
lock:
	rm -rf /tmp/dogpass-lock && $(PYTHON) -m venv /tmp/dogpass-lock
	/tmp/dogpass-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Pinned runtime dependencies (direct ones and what they pull in). Edit requirements.in, then \`make lock\`."; \
	  /tmp/dogpass-lock/bin/pip freeze; } > requirements.txt
	/tmp/dogpass-lock/bin/pip freeze > /tmp/dogpass-lock/runtime.txt
	/tmp/dogpass-lock/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Pinned test and lint tools on top of requirements.txt. Edit requirements-dev.in, then \`make lock\`."; \
	  echo "-r requirements.txt"; \
	  /tmp/dogpass-lock/bin/pip freeze | grep -vxF -f /tmp/dogpass-lock/runtime.txt; } > requirements-dev.txt

clean:
	rm -rf $(VENV) instance .pytest_cache console/node_modules console/dist

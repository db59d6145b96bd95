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

.PHONY: install migrate demo run test test-fast lint bench walk lock worker beat clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask demo seed

# Serves on $(PORT) with the WeChat sandbox on (override with WECHAT_SANDBOX=0 and real credentials), the payment
# sandboxes, and the demo fee schedule (non-zero fees, so every flow shows its payment step).
run: export FEE_SCHEDULE_FILE ?= backend/data/fees.demo.json
run: migrate
	$(BIN)/flask demo seed
	PORT=$(PORT) $(BIN)/flask run --host 0.0.0.0 --port $(PORT) --with-threads

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Every test: unit, API (SQLite and MariaDB), integration (MariaDB, Redis, a real Celery worker), black-box walk.
# Without those services the service tests skip with a printed reason; with CI=true they fail instead.
test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -x tests/unit tests/api -k "sqlite or not mariadb" $(PYTEST_ARGS)

# Runs every README curl walk (backend.demo.WALKS) against a server already started with `make run`.
walk: install
	for walk in $$($(BIN)/python -c 'from backend.demo import WALKS; print(*WALKS)'); do \
	  echo "== $$walk"; \
	  BASE_URL=http://127.0.0.1:$(PORT) bash -c "$$($(BIN)/python -c "from backend.demo import walk_script; print(walk_script('$$walk'))")" || exit 1; \
	done

bench: install
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
	rm -rf $(VENV) instance .pytest_cache

# The two commands that matter: `make run` and `make test`. Each sets up .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run console test lint typecheck bench accuracy clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pufa-bot run

console: $(STAMP)
	$(BIN)/pufa-bot console

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

# Per-field accuracy of the message parser on the field-report corpus (tests/data); `--misses` lists the misses.
accuracy: $(STAMP)
	$(BIN)/python -m tests.accuracy $(ARGS)

# A decade of synthetic data (1,000,000 events) on SQLite and on PostgreSQL: takes several minutes;
# then the weekly digest to 1,000 group chats under Telegram's flood limits (a little over a minute);
# then /chart for a year, the drawing before and after, same run (half a minute);
# then one member's /log latency while another floods and a third draws a 20-year chart (two minutes);
# then 10,000 random changes, the rollups compared with a recount every 1,000, on SQLite and PostgreSQL.
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.parse_worst_case
	$(BIN)/python -m tests.benchmarks.logging_throughput
	$(BIN)/python -m tests.benchmarks.log_cpu
	$(BIN)/python -m tests.benchmarks.summaries
	$(BIN)/python -m tests.benchmarks.digest_fanout
	$(BIN)/python -m tests.benchmarks.charts
	$(BIN)/python -m tests.benchmarks.concurrency
	$(BIN)/python -m tests.benchmarks.ledger_export
	$(BIN)/python -m tests.benchmarks.record_sheets
	$(BIN)/python -m tests.rollup_replay --changes 10000

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

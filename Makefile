# Thin wrappers: every target sets up what it needs (virtualenv, demo extracts, dbt manifest).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SPARK_STAMP := $(VENV)/.spark-installed-stamp

export DAGSTER_HOME := $(CURDIR)/.dagster_home
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

DBT_SOURCES := $(shell find dbt_project/models dbt_project/seeds dbt_project/macros dbt_project/tests dbt_project/analyses dbt_project/vendor -type f 2>/dev/null) dbt_project/dbt_project.yml dbt_project/profiles.yml dbt_project/packages.yml
MANIFEST := dbt_project/target/manifest.json
# The vendored dbt packages (dbt_project/vendor/), linked into dbt_packages/ without network.
DBT_DEPS_STAMP := dbt_project/dbt_packages/.installed-stamp
# The CDN files of the Data Docs, installed from the npm registry (see expectations/data_docs.py).
DOCS_ASSETS := expectations/data_docs_assets
DOCS_ASSETS_STAMP := $(DOCS_ASSETS)/node_modules/.package-lock.json
PUBLISHED := $(or $(HUASCO_WAREHOUSE_DIR),warehouse)/huasco.duckdb

.PHONY: refresh test serve sql demo-data lint format bench docs evaluate lock clean purge-landing \
	data-docs-assets spark-deps

## refresh: the nightly refresh, once, now (land, load, dbt build, reconcile, publish)
refresh: $(STAMP) $(MANIFEST) $(DOCS_ASSETS_STAMP) demo-data
	$(BIN)/dagster job execute -m orchestration.definitions -j nightly_refresh

## refresh-spark: the same refresh with the dbt build on Spark (local PySpark, Java 17+; the
## `spark` target of dbt_project/profiles.yml): it reads the raw layer from the Parquet lake,
## and the tables it builds come back into the build file for the checks and the publish
.PHONY: refresh-spark
refresh-spark: spark-deps $(MANIFEST) $(DOCS_ASSETS_STAMP) demo-data
	HUASCO_ENGINE=spark $(BIN)/dagster job execute -m orchestration.definitions -j nightly_refresh

## test: the whole test suite, on TEST_WORKERS processes (sharing one refreshed warehouse); it
## ends with its twelve slowest steps, where to look when it gets slower
TEST_WORKERS ?= 2
test: $(STAMP) $(MANIFEST) $(DOCS_ASSETS_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project --disable-progress-bar --nocolor --processes 2
	$(BIN)/pytest -q -n $(TEST_WORKERS) --maxschedchunk 2 --durations 12

## serve: the Dagster UI and daemon (the schedule and the sensors run from here), through
## `dg dev`, which supersedes `dagster dev`; it finds the project from [tool.dg] in pyproject.toml
serve: $(STAMP) $(MANIFEST) $(DOCS_ASSETS_STAMP) demo-data
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/dg dev

## sql: a read-only SQL session on the published warehouse in the DuckDB command-line client,
## with the schemas marts, audit and reference on the search path
sql: $(STAMP)
	@test -f $(PUBLISHED) || { echo "No hay almacén publicado en $(PUBLISHED): ejecute make refresh" >&2; exit 1; }
	$(BIN)/duckdb -readonly $(PUBLISHED) -cmd "set search_path = 'marts,audit,reference'"

## demo-data: write the deterministic demo extracts for sources still pointing at the demo folder
demo-data: $(STAMP)
	$(BIN)/python -m ingestion.demo ensure

lint: $(STAMP) $(DBT_DEPS_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project --disable-progress-bar --nocolor --processes 2

format: $(STAMP) $(DBT_DEPS_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/sqlfluff fix dbt_project --disable-progress-bar --nocolor

## docs: the dbt documentation site (one static page) in reports/dbt_docs/, from the last refresh
docs: $(STAMP) $(MANIFEST)
	test -f warehouse/build/huasco_build.duckdb || $(MAKE) refresh
	cd dbt_project && HUASCO_BUILD_DATABASE=$(CURDIR)/warehouse/build/huasco_build.duckdb \
		../$(BIN)/dbt docs generate --static --quiet --profiles-dir . --project-dir . \
		--target-path $(CURDIR)/reports/dbt_docs
	@echo "dbt docs: reports/dbt_docs/static_index.html"

## evaluate: dbt Labs' dbt-project-evaluator on the dbt project (into a throw-away DuckDB file: it
## reads only the project's graph); fails on any finding not in seeds/dbt_project_evaluator_exceptions.csv
evaluate: $(STAMP) $(DBT_DEPS_STAMP)
	$(BIN)/python -m tests.project_evaluator

## purge-landing: remove landed extracts older than HUASCO_LANDING_RETENTION_DAYS (default 90),
## except the current landing of each configured location; the manifests stay
purge-landing: $(STAMP)
	$(BIN)/python -m ingestion.landing purge

## bench: the whole refresh on demo extracts multiplied by each of SCALES; rows, time per step,
## memory, and the same work done by DuckDB alone and by pandas (ratios); EXTRACTS_CACHE=<dir>
## keeps each scale's generated extracts there for the next run (delete it after changing the
## demo generators)
SCALES ?= 10
bench: $(STAMP) $(MANIFEST) $(DOCS_ASSETS_STAMP)
	$(BIN)/python -m tests.bench --scale $(SCALES) --plot docs/benchmarks.svg \
		$(if $(EXTRACTS_CACHE),--extracts-cache $(EXTRACTS_CACHE))

## data-docs-assets: the Data Docs' styles and scripts, from the npm registry (exact versions
## and checksums in package-lock.json), so that the Data Docs open without internet
data-docs-assets: $(DOCS_ASSETS_STAMP)

$(DOCS_ASSETS_STAMP): $(DOCS_ASSETS)/package.json $(DOCS_ASSETS)/package-lock.json
	cd $(DOCS_ASSETS) && npm ci --ignore-scripts --no-audit --no-fund --legacy-peer-deps --loglevel=error
	touch $@

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

## spark-deps: the optional `spark` extra (dbt-spark, PySpark; about 500 MB, Java 17+ needed)
## for the dbt project's `spark` target; the tests comparing both engines run once it is there
spark-deps: $(SPARK_STAMP)

$(SPARK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,spark]'
	touch $@

# Parsed against the build file the refresh will use: dbt keeps the parse (partial_parse.msgpack)
# only while the profile's connection is the same, and re-reads the whole project otherwise.
$(DBT_DEPS_STAMP): $(STAMP) dbt_project/packages.yml dbt_project/package-lock.yml
	cd dbt_project && ../$(BIN)/dbt deps --quiet --profiles-dir . --project-dir .
	touch $@

$(MANIFEST): $(STAMP) $(DBT_DEPS_STAMP) $(DBT_SOURCES)
	cd dbt_project && HUASCO_BUILD_DATABASE="$$(../$(BIN)/python -c \
		'from ingestion.settings import Settings; print(Settings.from_env().build_database)')" \
		../$(BIN)/dbt parse --quiet --profiles-dir . --project-dir .
	touch $@

## lock: re-resolve the dependencies and pin them (commit requirements.lock afterwards)
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev,spark]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf warehouse reports data/landing dbt_project/target dbt_project/logs

# One command to set up and start: `make run`. One command to set up and test: `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
LEAFLET := static/vendor/leaflet/leaflet.js

.PHONY: setup setup-dev boundaries locale run test test-fast bench clean backup restore

setup: $(VENV)/.runtime $(LEAFLET) boundaries locale

setup-dev: setup $(VENV)/.dev

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Leaflet from the npm registry, served by the app itself (never a CDN).
$(LEAFLET): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor/leaflet static/vendor/markercluster static/vendor/leaflet-draw
	mkdir -p static/vendor
	cp -r node_modules/leaflet/dist static/vendor/leaflet
	cp -r node_modules/leaflet.markercluster/dist static/vendor/markercluster
	cp -r node_modules/leaflet-draw/dist static/vendor/leaflet-draw
	touch $@

# Official boundaries into the cache (download, or copy from ANKUNFTSATLAS_MIRROR), then the datasets of
# data/sources.toml built into the data folder (docs/datasets.md). Without internet this prints how to
# proceed and the dashboard still starts; a dataset not built here is built on its first opening.
boundaries: $(VENV)/.runtime
	$(BIN)/python -m geo.sources fetch
	$(BIN)/python -m geo.store.builtin

# The message catalogues compiled (locale/<lang>/LC_MESSAGES/messages.mo, git-ignored); the app
# compiles a missing or outdated one in memory, so this only saves that work at start-up.
locale: $(VENV)/.runtime
	$(BIN)/pybabel compile --domain messages --directory locale --statistics

run: setup
	$(BIN)/python -m streamlit run server.py --server.port $(PORT)

test: setup-dev
	$(BIN)/python -m pytest

test-fast: setup-dev
	$(BIN)/python -m pytest -m "not e2e"

bench: setup-dev
	$(BIN)/python benchmarks/map_payload.py
	$(BIN)/python benchmarks/grid.py --runs 1
	$(BIN)/python benchmarks/areas.py --runs 1
	$(BIN)/python benchmarks/grid_import.py

# Everything (every table of the database, the data folder) into one archive, and back into an empty instance.
BACKUP ?= ankunftsatlas-backup-$(shell date +%F).tar.gz
backup: $(VENV)/.runtime
	$(BIN)/python -m storage.backup create $(BACKUP)

restore: $(VENV)/.runtime
	$(BIN)/python -m storage.backup restore $(BACKUP)

clean:
	rm -rf $(VENV) node_modules static/vendor static/generated .pytest_cache locale/*/LC_MESSAGES/*.mo

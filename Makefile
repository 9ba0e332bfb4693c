# Two commands do everything on a fresh machine:
#   make run   - set up from nothing and run the main job on the embedded default
#   make test  - set up from nothing and run the tests
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup system-deps run analyze-samples test lint samples train clean

# Debian packages: CJK fonts (annotation, training data), ffmpeg (RTSP tests), chromium (review
# page tests). Installed only when missing; needs root and apt-get (skipped where there is none).
SYSTEM_PACKAGES := fonts-noto-cjk fonts-wqy-microhei fonts-wqy-zenhei ffmpeg chromium
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "warning: missing Debian packages:$$missing (install them for annotation and browser tests)"; fi; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[train,dev]'
	touch $(STAMP)

setup: system-deps $(STAMP)

# The main job: the service on the embedded default (SQLite, local files, in-process queue),
# seeded with the sample stores, cameras and snapshots; prints the URL and a reviewer key.
run: setup
	$(VENV)/bin/storecheck serve --demo --host 127.0.0.1 --port 8000

# The engine alone over the sample snapshots, with annotated images.
# Each sample with the zone and store type it was drawn for (datasets/samples/truth.jsonl).
analyze-samples: setup
	$(PY) -m datasets.samples --groups | while read zone store_type paths; do \
		$(VENV)/bin/storecheck analyze $$paths --zone $$zone --store-type $$store_type --format table --annotate var/annotated; \
	done

test: setup
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check storecheck tests datasets models bench
	$(VENV)/bin/mypy storecheck

samples: setup
	$(PY) -m datasets.samples

train: setup
	$(PY) -m models.train all

clean:
	rm -rf $(VENV) var runs .pytest_cache

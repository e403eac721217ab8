# Sanguan: `make run` serves the demo school, `make test` runs every test, `make bench`
# prints the benchmark figures. Each target installs what it needs first.
VENV     ?= .venv
PY       := $(VENV)/bin/python
PORT     ?= 8000
WORKERS  ?= 2
THREADS  ?= 4
export FLASK_APP := server
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test audit bench install install-dev chromium clean

$(VENV)/.run-installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.run-installed requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.run-installed node_modules/.installed
install-dev: $(VENV)/.dev-installed node_modules/.installed

# Chromium, and a Chinese font for it: the browser tests measure the screens as a phone
# draws them, not as rows of boxes of another width.
chromium:
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@fc-list :lang=zh | grep -q . || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei)

run: install
	$(VENV)/bin/flask db upgrade
	$(VENV)/bin/flask demo --history 20
	@echo "Serving on http://0.0.0.0:$(PORT)/"
	$(VENV)/bin/gunicorn --worker-class gthread --workers $(WORKERS) --threads $(THREADS) --bind 0.0.0.0:$(PORT) --access-logfile - 'server:create_app()'

# Known vulnerabilities in the pinned packages fail the build (.ci/audit.py says plainly
# when the advisories could not be reached; AUDIT_REQUIRED=1 makes that fail too).
audit: install-dev
	$(PY) .ci/audit.py

test: install-dev chromium audit
	$(VENV)/bin/pytest

bench: install-dev chromium
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules .pytest_cache

# Two commands for a fresh machine (both idempotent):
#   make lab   - install what is needed into .venv and open the course in JupyterLab
#   make test  - install what is needed into .venv and run the whole test suite
# Options: make lab LAB_ARGS="--port 8890 --no-browser"
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# Extras installed into the venv: the test tools, playwright (browser suite), the
# PostgreSQL driver and Dask (grading a large class; the suite tests both for real).
EXTRAS := test,browser,postgres,distributed
# Re-install when the dependency list or the extras change.
STAMP  := $(VENV)/.installed-$(shell (cat pyproject.toml; echo '$(EXTRAS)') | cksum | cut -d' ' -f1)
# The browser suite drives Debian's chromium (never a browser downloaded by playwright).
CHROMIUM ?= /usr/bin/chromium

.PHONY: lab instructor-lab progress test torch lint install bubblewrap chromium postgresql release check-release selftest bench clean

$(STAMP):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required, found " + sys.version.split()[0]'
	@echo "Installing the course's Python packages into $(VENV) (the first time takes a few minutes)..."
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]'
	@echo "Installed into $(VENV)."
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# JupyterLab refuses to start as root unless told; containers often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

# Extra options for JupyterLab, e.g. LAB_ARGS="--port 8890 --no-browser".
LAB_ARGS ?=

# Learners work in workspace/ (their own copies, ignored by git; course updates arrive
# beside their notebooks, never over them). Their lab hides nbgrader's instructor tools.
lab: $(STAMP)
	$(PY) -m grader workspace
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config/learner" $(VENV)/bin/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS) workspace/

# The instructor's lab: the whole course folder, with nbgrader's formgrader and
# "Create Assignment" tools.
instructor-lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS) .

# A self-learner's view of the whole course: per notebook, exercises done/passing/points.
progress: $(STAMP)
	$(PY) -m grader progress

# $(call debian_package,PACKAGE,CHECK,WHAT NEEDS IT): installs Debian's PACKAGE when the
# shell test CHECK fails (as root); otherwise fails loudly with the command to run.
define debian_package
	@if ! { $(2); } >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's $(1) for $(3)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1); \
	  else \
	    echo "error: Debian's $(1) is missing; $(3) need it:" \
	         "run 'sudo apt-get install $(1)' (or 'make $(1)' as root)." >&2; \
	    exit 1; \
	  fi; \
	fi
	@{ $(2); } >/dev/null 2>&1 || { echo "error: $(1) still missing after install" >&2; exit 1; }
endef

# The browser tests drive Debian's chromium (never skipped, never a downloaded browser).
chromium:
	$(call debian_package,chromium,test -x $(CHROMIUM),the browser tests)

# The grading sandbox uses bubblewrap (without it grading still works, with weaker
# isolation and a warning; the grading tests require it).
bubblewrap:
	$(call debian_package,bubblewrap,command -v bwrap,the grading sandbox and its tests)

# The gradebook tests start a throw-away PostgreSQL server (initdb + pg_ctl, as an
# unprivileged user) from Debian's postgresql package.
postgresql:
	$(call debian_package,postgresql,ls /usr/lib/postgresql/*/bin/initdb,the gradebook tests)

# Notebook 07 is tested with and without PyTorch (never a course dependency). This pins
# the CPU build these machines carry; a plain `torch` would pull a multi-GB CUDA build.
TORCH ?= torch==2.13.0
torch: $(STAMP)
	@$(PY) -c 'import torch' 2>/dev/null || { \
	  echo "Installing PyTorch ($(TORCH), CPU) for notebook 07's side-by-side tests..."; \
	  $(PY) -m pip install --quiet $(TORCH); }

test: $(STAMP) bubblewrap chromium torch postgresql
	$(PY) -m pytest

# Lint (ruff, configured in pyproject.toml); `.ci/run` runs it before the tests.
lint: $(STAMP)
	$(VENV)/bin/ruff check .

release: $(STAMP)
	$(PY) -m grader release

check-release: $(STAMP)
	$(PY) -m grader release --check

selftest: $(STAMP)
	$(PY) -m grader selftest

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV)

#!/usr/bin/env bash
# Set up a fresh machine: a Java runtime for HermiT and Graphviz's dot for the
# pictures' layout (each if missing), a virtual
# environment in .venv, and b12ms-kg installed there FROM ITS WHEEL (so what we
# run and test is what users get). Usage: bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  echo "setup: installing a Java runtime for the HermiT reasoner" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi

if ! command -v dot >/dev/null 2>&1; then
  echo "setup: installing Graphviz (dot lays out the mechanism pictures)" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz >/dev/null
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>/dev/null
.venv/bin/python -m pip install -q "build>=1.2,<2"
rm -rf dist
if ! .venv/bin/python -m build --wheel --outdir dist . >.venv/build.log 2>&1; then
  cat .venv/build.log >&2
  echo "setup: building the wheel failed (log above)" >&2
  exit 1
fi
WHEEL="$(ls dist/*.whl)"
.venv/bin/python -m pip install -q "${WHEEL}[test]"
# same version number, new code: replace the package itself, keep its dependencies
.venv/bin/python -m pip install -q --force-reinstall --no-deps "$WHEEL"
echo "setup: installed $(.venv/bin/b12ms-kg --version) into .venv" >&2

#!/usr/bin/env bash
# Set up (see setup.sh) and run the test suite against the installed wheel.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The venv's pytest (not "python -m pytest") keeps the checkout off sys.path,
# so "import kg" imports the installed wheel.
KG_EXPECT_WHEEL=1 .venv/bin/pytest "$@"

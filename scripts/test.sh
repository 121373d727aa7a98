#!/usr/bin/env bash
# Set up (see setup.sh) and run the test suite against the installed wheel.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The picture tests open the interactive page in a real headless browser.
if ! command -v chromium >/dev/null 2>&1; then
  echo "test: installing Debian's chromium for the browser test" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
export KG_REQUIRE_BROWSER=1
# The venv's pytest (not "python -m pytest") keeps the checkout off sys.path,
# so "import kg" imports the installed wheel.
KG_EXPECT_WHEEL=1 .venv/bin/pytest "$@"

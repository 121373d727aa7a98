#!/usr/bin/env bash
# Set up (see setup.sh) and run the test suite against the installed wheel.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# install_debian COMMAND PACKAGE: install a Debian package if its command is missing
install_debian() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "test: installing Debian's $2 for the tests" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
  fi
}
# The picture tests open the interactive page in a real headless browser.
install_debian chromium chromium
# The second real server (issue 19): Debian's Virtuoso 7, started by the tests themselves
# with a private database on free loopback ports.
install_debian virtuoso-t virtuoso-opensource
# The release as Protégé reads it: Debian's OWL API (libowlapi-java), run on the Java
# runtime setup.sh installed.
if [ ! -f /usr/share/java/owlapi-distribution.jar ]; then
  echo "test: installing Debian's libowlapi-java for the tests" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libowlapi-java >/dev/null
fi
# Strict RDF parsers we did not write read every export: serd and Raptor.
install_debian serdi serdi
install_debian rapper raptor2-utils
export KG_REQUIRE_BROWSER=1
export KG_REQUIRE_STRICT_PARSERS=1
export KG_REQUIRE_OWLAPI=1
export KG_REQUIRE_VIRTUOSO=1
# The venv's pytest (not "python -m pytest") keeps the checkout off sys.path,
# so "import kg" imports the installed wheel.
KG_EXPECT_WHEEL=1 .venv/bin/pytest "$@"

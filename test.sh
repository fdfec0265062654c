#!/usr/bin/env bash
# Runs every test: unit tests, then the integration tests on the real Keycloak distribution.
# The browser test needs Debian's chromium; it is installed here when missing. The tests install
# their Node packages themselves, from the committed lock files.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q chromium || { $sudo apt-get update -q && $sudo apt-get install -y -q chromium; }
fi

exec mvn -B verify "$@"

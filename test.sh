#!/usr/bin/env bash
# Runs every test: unit tests, then the integration tests on the real Keycloak distribution.
# The browser test needs Debian's chromium and the address test iproute2; both are installed here
# when missing. The tests install their Node packages themselves, from the committed lock files.
set -euo pipefail
cd "$(dirname "$0")"

install_missing() { # command, Debian package
  if ! command -v "$1" >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -q "$2" || { $sudo apt-get update -q && $sudo apt-get install -y -q "$2"; }
  fi
}
install_missing chromium chromium
# AddressVettingIT gives this machine two extra addresses with iproute2's `ip`.
install_missing ip iproute2

exec mvn -B verify "$@"

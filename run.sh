#!/usr/bin/env bash
# Builds the extension and starts Keycloak in dev mode with it, on the embedded H2 database.
# Extra arguments go to kc.sh, e.g. ./run.sh --http-relative-path=/auth
set -euo pipefail
cd "$(dirname "$0")"

mvn -q -B package -DskipTests
KC_HOME=$(ls -d target/keycloak-dist/keycloak-*/ | head -n 1)
cp target/keycloak-webhooks-*.jar "${KC_HOME}providers/keycloak-webhooks.jar"

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

cat <<MSG
Starting Keycloak with the webhooks extension (dev mode, embedded H2).
  Admin console: http://localhost:8080/admin   user: ${KC_BOOTSTRAP_ADMIN_USERNAME}  password: ${KC_BOOTSTRAP_ADMIN_PASSWORD}
  Webhooks page: http://localhost:8080/realms/master/webhooks-console/
  Webhooks API:  http://localhost:8080/realms/<realm>/webhooks
  Receivers on this machine (127.0.0.1, ::1, localhost) are allowed in this dev set-up.
MSG

exec "${KC_HOME}bin/kc.sh" start-dev \
  --spi-webhook-delivery--default--allowed-targets=127.0.0.1/32,::1/128,localhost \
  "$@"

#!/usr/bin/env bash
# npm run test:e2e [-- <playwright arguments>]
#
# End-to-end tests against a production build and a throwaway database. The database is made here rather than in
# Playwright's globalSetup because Playwright starts the web server first (see playwright.config.ts).
# E2E_SKIP_BUILD=1 reuses the existing .next build when iterating on tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh

export NEXT_TELEMETRY_DISABLED=1
tsx=node_modules/.bin/tsx
databases() { "$tsx" scripts/lib/databases.ts "$@"; }

ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$chromium" ] && return 0
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    echo "CHROMIUM_PATH=$chromium is not an executable." >&2
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium (Playwright's own browser download is not used)..."
    # Waits for another apt/dpkg run to finish instead of failing on its lock.
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium
    return 0
  fi
  cat >&2 <<EOF
Chromium was not found at $chromium. Install it, then run this again:
  sudo apt-get update && sudo apt-get install -y chromium
or set CHROMIUM_PATH to a Chromium/Chrome executable.
EOF
  return 1
}

ensure_chromium
ensure_postgres || exit 1
ensure_redis || exit 1

run_id="$(date -u +%Y%m%dt%H%M%S)_$(node -e 'console.log(require("node:crypto").randomBytes(4).toString("hex"))')"
E2E_DATABASE_URL="$(databases url-for "marquee_e2e_${run_id}")"
E2E_REDIS_KEY_PREFIX="marquee-e2e-${run_id}:"
# The local Inngest executor's state (pending timeouts and reminders) lives only as long as this run.
E2E_INNGEST_DIR="$(mktemp -d "${TMPDIR:-/tmp}/marquee-e2e-inngest.XXXXXX")"
E2E_INNGEST_DATA="${E2E_INNGEST_DIR}/inngest-local.json"
# playwright.config.ts reads these for the web servers and refuses to start without them.
export E2E_DATABASE_URL E2E_REDIS_KEY_PREFIX E2E_INNGEST_DATA

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  echo "Removing the end-to-end database and Redis keys (${run_id})..."
  databases drop "$E2E_DATABASE_URL" || echo "warning: could not drop the e2e database" >&2
  databases clear-redis "$E2E_REDIS_KEY_PREFIX" || echo "warning: could not clear Redis keys ${E2E_REDIS_KEY_PREFIX}*" >&2
  rm -rf "$E2E_INNGEST_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Databases left by runs that were killed before they could clean up.
databases sweep || true

echo "Preparing database marquee_e2e_${run_id}..."
databases create "$E2E_DATABASE_URL"
DATABASE_URL="$E2E_DATABASE_URL" node scripts/prisma-migrate.mjs deploy --quiet
DATABASE_URL="$E2E_DATABASE_URL" REDIS_KEY_PREFIX="$E2E_REDIS_KEY_PREFIX" npm run --silent db:seed

if [ "${E2E_SKIP_BUILD:-}" = "1" ] && [ -f .next/BUILD_ID ]; then
  echo "E2E_SKIP_BUILD=1: reusing the existing .next build."
else
  echo "Building the app (next build)..."
  # The same environment as the web server in playwright.config.ts, for anything the build evaluates.
  e2e_url="http://127.0.0.1:${E2E_PORT:-3100}"
  DATABASE_URL="$E2E_DATABASE_URL" REDIS_KEY_PREFIX="$E2E_REDIS_KEY_PREFIX" DEV_MAILBOX=on AUTH_TRUST_HOST=true \
    AUTH_SECRET="marquee-e2e-secret-do-not-use-anywhere-else-0123456789" AUTH_URL="$e2e_url" APP_URL="$e2e_url" \
    npx next build
fi

# The build must carry its own Lua scripts, which a server run from this checkout would not notice; checked here
# because this is the one place CI has a fresh build.
MARQUEE_BUILD_DIR=.next npx vitest run tests/infra/lua-build.test.ts

npx playwright test "$@"

#!/usr/bin/env bash
# npm run demo: from a fresh clone to a running Marquee with demo data, on one machine.
# Safe to run again: every step skips or repeats harmlessly (the seed is idempotent and refreshes the programme).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh

step() { printf '\n▶ %s\n' "$*"; }

# ── Dependencies ──────────────────────────────────────────────────────────────────────────────────────────────────
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  step "Installing dependencies (npm install)"
  npm install --no-audit --no-fund
fi

# ── Configuration ─────────────────────────────────────────────────────────────────────────────────────────────────
# shellcheck source=scripts/lib/demo-env.sh
source scripts/lib/demo-env.sh
ensure_demo_env .env

# Export .env for this script and its children the way dotenv reads it (variables already set win), so the checks
# below look at the same servers the app will use.
while IFS= read -r -d '' key && IFS= read -r -d '' value; do
  export "$key=$value"
done < <(node -e '
  const parsed = require("dotenv").parse(require("node:fs").readFileSync(".env"));
  for (const [key, value] of Object.entries(parsed)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !(key in process.env)) process.stdout.write(`${key}\0${value}\0`);
  }
')
export NEXT_TELEMETRY_DISABLED="${NEXT_TELEMETRY_DISABLED:-1}"
# A local demo without a Resend key has nowhere else to deliver email to.
if [ -z "${RESEND_API_KEY:-}" ]; then export DEV_MAILBOX="${DEV_MAILBOX:-on}"; fi

# ── Services ──────────────────────────────────────────────────────────────────────────────────────────────────────
step "Checking PostgreSQL and Redis"
ensure_postgres || exit 1
ensure_redis || exit 1

# ── Database ──────────────────────────────────────────────────────────────────────────────────────────────────────
step "Preparing the database"
node_modules/.bin/tsx scripts/lib/databases.ts ensure "${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/marquee}"
npm run --silent db:deploy
step "Seeding demo data (cinemas, films, a 14-day programme, demo accounts)"
npm run --silent db:seed

# ── Build ─────────────────────────────────────────────────────────────────────────────────────────────────────────
step "Building the app (next build)"
npm run --silent build

# ── Run ───────────────────────────────────────────────────────────────────────────────────────────────────────────
port="${PORT:-3000}"
# Loopback only: the demo has public demo passwords, a sandbox that "pays" for anything and a mailbox of everyone's
# codes. DEMO_HOST may widen it deliberately; the dev mailbox still answers only on loopback (server/config/env.ts).
host="${DEMO_HOST:-127.0.0.1}"
accounts="$(node_modules/.bin/tsx -e '
  import("./prisma/seed-data/accounts.ts").then(({ demoAccounts }) => {
    for (const [key, account] of Object.entries(demoAccounts)) {
      console.log(`  ${key.padEnd(9)} ${account.email.padEnd(26)} ${account.password}`);
    }
  });
' 2>/dev/null)" || accounts=""
if [ -z "$accounts" ]; then
  accounts="  customer  customer@marquee.local     marquee-customer
  staff     staff@marquee.local        marquee-staff
  manager   manager@marquee.local      marquee-manager
  admin     admin@marquee.local        marquee-admin"
fi
cat <<EOF

────────────────────────────────────────────────────────────────
 Marquee is starting at  http://localhost:${port}  (listening on ${host} only)

 Demo accounts (email / password):
${accounts}

 Payments go through the sandbox page (approve, decline, or approve after a delay;
 no real money). Emails (sign-up codes, tickets) land in the dev mailbox:
   http://localhost:${port}/dev/mailbox
 Workflow runs (timeouts, the payment saga, refunds): http://127.0.0.1:8288/runs
────────────────────────────────────────────────────────────────

EOF

# Helper processes run in the background beside the web server and stop with it. Add one with
#   start_background <name> <command...>
# before the web server starts below.
background_pids=()
start_background() {
  local name="$1"
  shift
  echo "Starting ${name}..."
  "$@" &
  background_pids+=("$!")
}
stop_background() {
  trap - EXIT INT TERM
  for pid in "${background_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

# The local Inngest executor (tools/inngest-local) stands in for the Inngest dev server: order timeouts, the payment
# saga, refunds, reminders and the nightly reconciliation run through it, signing every request with the .env's
# INNGEST_SIGNING_KEY (the production build takes no unsigned ones and ignores INNGEST_DEV).
export INNGEST_BASE_URL="${INNGEST_BASE_URL:-http://127.0.0.1:8288}"
start_background "the local Inngest executor" node_modules/.bin/tsx tools/inngest-local/cli.ts \
  --app-url "http://127.0.0.1:${port}/api/inngest" --data .data/inngest-local.json --quiet

if [ "${#background_pids[@]}" -eq 0 ]; then
  exec node scripts/serve.mjs -p "$port" -H "$host"
fi
trap stop_background EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
node scripts/serve.mjs -p "$port" -H "$host" &
background_pids+=("$!")
# Whichever process exits first takes the others down with it.
wait -n

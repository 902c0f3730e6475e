# The .env `npm run demo` serves with (sourced by scripts/demo.sh; tests/infra/demo-env.test.ts runs it).
#
# The demo serves a production build (scripts/serve.mjs, i.e. `next start`, on 127.0.0.1 only), where everything
# meant for development is off unless asked for: the development mailbox (served only on loopback), and the sandbox
# payment provider, whose webhooks then need a secret of their own and which production runs only when acknowledged
# (PAYMENTS_SANDBOX_IN_PRODUCTION). Production also runs Inngest in cloud mode, taking only signed requests at
# /api/inngest and ignoring INNGEST_DEV: the demo's local executor signs with a random key of the demo's own. So the
# demo's .env turns these on, and an .env written by an older demo gets the settings it lacks; nothing already set is
# changed.

random_secret() {
  if command -v openssl >/dev/null 2>&1; then openssl rand -hex 32; else node -e 'console.log(require("node:crypto").randomBytes(32).toString("hex"))'; fi
}

# ensure_demo_env <file>
ensure_demo_env() {
  local file="$1"
  if [ ! -f "$file" ]; then
    echo "Writing ${file} with local defaults"
    local auth_secret
    auth_secret="$(random_secret)"
    (
      umask 077
      cat >"$file" <<EOF
# Written by npm run demo. Local defaults; change freely. Never commit this file.
DATABASE_URL=postgresql://postgres@127.0.0.1:5432/marquee
REDIS_URL=redis://127.0.0.1:6379
AUTH_SECRET=${auth_secret}
AUTH_TRUST_HOST=true
APP_URL=http://localhost:3000
NEXT_TELEMETRY_DISABLED=1
# Keep the development mailbox (/dev/mailbox) on so codes and tickets can be read.
DEV_MAILBOX=on
EOF
    )
  fi
  if ! grep -q '^INNGEST_SIGNING_KEY=' "$file"; then
    printf '%s\n' "# The local Inngest executor started by npm run demo (tools/inngest-local) signs its requests to the app with" \
      "# this key, as Inngest Cloud does; a production build refuses unsigned ones." \
      "INNGEST_BASE_URL=http://127.0.0.1:8288" "INNGEST_EVENT_KEY=local" "INNGEST_SIGNING_KEY=signkey-local-$(random_secret)" >>"$file"
  fi
  if ! grep -q '^PAYMENTS_SANDBOX=' "$file"; then
    printf '%s\n' "# The built-in sandbox payment provider (no real money)." "PAYMENTS_SANDBOX=on" >>"$file"
  fi
  # Production (which the demo is) refuses to start with the sandbox on unless told that no real money is taken; the
  # pages then say so in a banner.
  if grep -q '^PAYMENTS_SANDBOX=on' "$file" && ! grep -q '^PAYMENTS_SANDBOX_IN_PRODUCTION=' "$file"; then
    printf '%s\n' "# The demo takes no real money; every page says so (see README, Taking real payments with Stripe)." "PAYMENTS_SANDBOX_IN_PRODUCTION=i-understand" >>"$file"
  fi
  if ! grep -q '^SANDBOX_WEBHOOK_SECRET=' "$file"; then
    printf '%s\n' "# Signs the sandbox's webhooks to this app." "SANDBOX_WEBHOOK_SECRET=$(random_secret)" >>"$file"
  fi
}

#!/usr/bin/env bash
# npm test: every check CI runs, in order. All stages run even after a failure so that one run reports everything;
# the exit status is non-zero if any stage failed.
set -euo pipefail
cd "$(dirname "$0")/.."

stages=(typecheck lint test:unit test:e2e)
declare -A results=()
declare -A durations=()
failed=0

for stage in "${stages[@]}"; do
  printf '\n══════ %s ══════ (npm run %s)\n\n' "$stage" "$stage"
  started=$SECONDS
  if npm run --silent "$stage"; then
    results[$stage]=passed
  else
    results[$stage]=FAILED
    failed=1
  fi
  durations[$stage]=$((SECONDS - started))
done

printf '\n══════ summary ══════\n'
for stage in "${stages[@]}"; do
  printf '  %-10s %-7s %4ss\n' "$stage" "${results[$stage]}" "${durations[$stage]}"
done
if [ "$failed" -ne 0 ]; then
  printf '\nSome checks failed.\n'
  exit 1
fi
printf '\nAll checks passed.\n'

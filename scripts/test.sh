#!/usr/bin/env bash
# `npm test`: everything — build, typecheck, unit/property/integration tests (vitest)
# and the browser tests (Playwright in Debian's Chromium against the production server).
set -uo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/playwright.json

step() { printf '\n== %s\n' "$*"; }
fail() { echo "npm test: $* failed" >&2; node scripts/test-summary.mjs || true; exit 1; }

# The integration and browser tests run the production server, so build first;
# the build also generates the Next type declarations the typecheck needs.
step "next build"; npx next build || fail "next build"
step "typecheck"; npx tsc --noEmit -p . || fail "typecheck"
# The FIX gateway is also tested against QuickFIX/C++ (Debian's libquickfix-dev), built here.
step "quickfix"; bash scripts/ensure-quickfix.sh >/dev/null || fail "building the QuickFIX test client"
step "vitest"; npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json || fail "vitest"
step "chromium"; bash scripts/ensure-chromium.sh || fail "finding Chromium"
step "playwright"; PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright.json npx playwright test --reporter=list,json || fail "playwright"
node scripts/test-summary.mjs

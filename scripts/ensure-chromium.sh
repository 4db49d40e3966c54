#!/usr/bin/env bash
# Finds a Chromium for the browser tests, installing Debian's package when we are root.
# Test tools never download a browser of their own.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exit 0
  fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && exit 0
  echo "apt-get installed chromium but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "Chromium is needed for the browser tests and was not found. Install it with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
echo "or point CHROMIUM_PATH at a Chromium binary." >&2
exit 1

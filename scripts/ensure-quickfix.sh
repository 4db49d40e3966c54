#!/usr/bin/env bash
# Builds the QuickFIX/C++ test OMS (server/fix/quickfix/oms_client.cpp) that the FIX
# gateway is tested against: an independent FIX engine, from Debian's libquickfix-dev.
# Installs that package (and g++) when missing and we are root, as ensure-chromium.sh
# does for Chromium; otherwise stops with the command to run. Prints the binary's path.
set -euo pipefail
cd "$(dirname "$0")/.."
src=server/fix/quickfix/oms_client.cpp
bin=.tmp/qf-oms-client
if [ ! -f /usr/include/quickfix/Application.h ] || ! command -v g++ >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "QuickFIX not found: installing Debian's libquickfix-dev" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq libquickfix-dev g++ >/dev/null
  else
    echo "The FIX interoperability test needs QuickFIX/C++ and g++. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y libquickfix-dev g++" >&2
    exit 1
  fi
fi
mkdir -p .tmp
if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
  # C++14: QuickFIX 1.15's headers still declare dynamic exception specifications.
  g++ -std=c++14 -O1 -w "$src" -o "$bin.partial" -lquickfix -lpthread
  mv "$bin.partial" "$bin"
fi
echo "$bin"

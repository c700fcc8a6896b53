#!/usr/bin/env bash
# The browser tests drive Debian's Chromium headless; installs it when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: install it (Debian/Ubuntu package 'chromium') to run the browser tests." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Chromium is missing: run 'apt-get install chromium' as root." >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "Installing Chromium (Debian package) for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq chromium >/dev/null \
  || { $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null; }

#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the given requirements file when it changed.
# Usage: scripts/ensure-venv.sh requirements.txt|requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  python310="$(scripts/find-python.sh)"
  echo "Creating .venv with $python310"
  rm -rf .venv
  "$python310" -m venv .venv
fi

stamp=".venv/.installed-$(basename "$requirements")-$(cat "$requirements" requirements.txt constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing $requirements into .venv (first run takes a few minutes)"
  # The machine's pip configuration names optional local mirrors; their absence is noise.
  .venv/bin/python -m pip install --quiet --upgrade pip 2> >(grep -v "is ignored: it is neither" >&2)
  .venv/bin/python -m pip install --quiet -r "$requirements" -c constraints.txt \
    2> >(grep -v "is ignored: it is neither" >&2)
  rm -f .venv/.installed-"$(basename "$requirements")"-*
  touch "$stamp"
fi

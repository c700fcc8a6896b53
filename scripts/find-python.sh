#!/usr/bin/env bash
# Prints the path of a working Python 3.10 interpreter, or explains what to install.
# Rasa 3.6 supports no Python newer than 3.10, so no other version will do.
set -euo pipefail

is_python310() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

candidates=()
if command -v python3.10 >/dev/null 2>&1; then
  candidates+=("$(command -v python3.10)")
fi
pyenv_root="${PYENV_ROOT:-}"
if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1; then
  pyenv_root="$(pyenv root 2>/dev/null || true)"
fi
for root in "$pyenv_root" "$HOME/.pyenv"; do
  [ -n "$root" ] || continue
  for found in "$root"/versions/3.10.*/bin/python3.10; do
    [ -x "$found" ] && candidates+=("$found")
  done
done

for candidate in "${candidates[@]}"; do
  if is_python310 "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

cat >&2 <<'MSG'
error: Python 3.10 was not found (Rasa 3.6 needs Python 3.10 exactly).
Install it, then run this command again, for example:
  pyenv install 3.10.13          # with pyenv
  sudo apt install python3.10 python3.10-venv   # on Debian/Ubuntu with the deadsnakes archive
MSG
exit 1

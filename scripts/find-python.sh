#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 interpreter, or explains what is missing and exits 1.
set -u
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for v in 3.13 3.12 3.14; do
  candidates+=("python$v")
  for d in "$HOME"/.pyenv/versions/"$v"*/bin/python"$v" /usr/local/bin/python"$v" /usr/bin/python"$v"; do
    [ -x "$d" ] && candidates+=("$d")
  done
done
candidates+=(python3)
for c in "${candidates[@]}"; do
  if "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    command -v "$c" 2>/dev/null || echo "$c"
    exit 0
  fi
done
echo "kpiplan needs Python 3.12 or newer and found none (looked for python3.13/3.12 on PATH and under ~/.pyenv/versions)." >&2
echo "Install one (e.g. 'apt-get install python3.12' on a newer Debian, or 'pyenv install 3.12') or set PYTHON=/path/to/python3.12." >&2
exit 1

#!/usr/bin/env bash
# Creates .venv and installs chitieu with its test extras. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# pip's notes about local package folders this machine does not have are noise: keep other messages.
quiet() { "$@" 2> >(grep -v "^WARNING: Location 'file:" >&2); }
quiet .venv/bin/python -m pip install -q --upgrade pip
quiet .venv/bin/python -m pip install -q -e '.[test]'

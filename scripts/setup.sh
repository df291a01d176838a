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
# Start-up (README, "Speed and memory"): byte-compile the code, since a shell with PYTHONDONTWRITEBYTECODE set
# never writes .pyc files and every run would compile ~60 modules again. Run again after changing the code;
# stale files only cost time.
.venv/bin/python -m compileall -q pipeline extractors flows >/dev/null
# Programs the readers call: Tesseract with its Vietnamese model (OCR of scanned pages) and LibreOffice
# (.doc/.rtf/.odt converted to .docx). Installed from Debian when missing and we are allowed to; without
# them those files get a clear error ("needs OCR", "LibreOffice is not installed") and their tests skip.
need=()
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  need+=(tesseract-ocr tesseract-ocr-vie)
fi
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer)
# the fonts the corpus PDFs were made with (Liberation 2 draws every Vietnamese letter itself), for bench PDFs
[ -e /usr/share/fonts/truetype/liberation2 ] || need+=(fonts-liberation2)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null) \
    || echo "warning: could not install ${need[*]}; OCR / .doc tests will be skipped" >&2
fi

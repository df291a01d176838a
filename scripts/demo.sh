#!/usr/bin/env bash
# Sets up the project and runs the main job on the bundled sample corpus:
# ingest corpus/ into a DuckDB store (a real Prefect flow run), show what was found, compare years.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PREFECT_HOME="${PREFECT_HOME:-$PWD/out/prefect}"
mkdir -p out
CHITIEU=.venv/bin/chitieu
$CHITIEU ingest corpus --db out/chitieu.duckdb
$CHITIEU extract corpus/dong-anh-cchc-2024.docx --format table
$CHITIEU compare --issuer "Đông Anh" --db out/chitieu.duckdb
$CHITIEU export --parquet out/parquet --db out/chitieu.duckdb
$CHITIEU export --xlsx out/chitieu.xlsx --db out/chitieu.duckdb
echo
echo "Store: out/chitieu.duckdb · Parquet: out/parquet/ · Workbook: out/chitieu.xlsx"
echo "Review page: .venv/bin/chitieu review --db out/chitieu.duckdb"

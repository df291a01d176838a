#!/usr/bin/env bash
# Sets up the project and runs the main job on the bundled sample corpus:
# ingest corpus/ into a DuckDB store (a real Prefect flow run), compare one district's plans across years,
# export the store, and print a short summary of what is where.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PREFECT_HOME="${PREFECT_HOME:-$PWD/out/prefect}"
mkdir -p out
CHITIEU=.venv/bin/chitieu
DB=out/chitieu.duckdb
$CHITIEU ingest corpus --db "$DB"
echo
echo "One document, in short (all of it: --format jsonl; its targets one per line: --format table):"
$CHITIEU extract corpus/dong-anh-cchc-2024.docx --format table --kind document
echo
$CHITIEU compare --issuer "Đông Anh" --db "$DB"
$CHITIEU export --parquet out/parquet --csv out/csv --xlsx out/chitieu.xlsx --db "$DB" --quiet > /dev/null
echo
echo "Store: $DB · Parquet: out/parquet/ · CSV per kind: out/csv/ · Workbook: out/chitieu.xlsx"
echo "Review page: $CHITIEU review --db $DB   (on the network: add --users FILE, see README)"

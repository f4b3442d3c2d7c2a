#!/usr/bin/env bash
# Reproducible benchmark: trailhound vs DuckDB on the same generated corpus, in the same run.
#
#   bench/run.sh [EVENTS] [RUNS]      (defaults: 2000000 events, 3 runs; results in bench/out/)
#
# Generates a deterministic corpus (seed 42), then measures, RUNS times each, taking medians:
#   - ingest: trailhound ingest  vs  DuckDB read_json (auto-detected schema) -> Parquet (ZSTD)
#   - representative queries: trailhound on its lake  vs  DuckDB on its own Parquet
#   - the whole detection catalog (trailhound hunt)  vs  the same SQL run by DuckDB on trailhound's lake
# Peak RSS comes from /usr/bin/time -v. DuckDB comes from PyPI into bench/out/venv.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-2000000}
RUNS=${2:-3}
OUT=bench/out
mkdir -p "$OUT"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }

cargo build --release --quiet
BIN=target/release/trailhound

if [ ! -x "$OUT/venv/bin/python" ]; then
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install --quiet "duckdb==1.4.*" 2>/dev/null || "$OUT/venv/bin/pip" install --quiet duckdb
fi
PY="$OUT/venv/bin/python"

CORPUS="$OUT/corpus-$EVENTS"
if [ ! -f "$CORPUS/scenarios.truth.json" ]; then
  rm -rf "$CORPUS"
  "$BIN" generate --out "$CORPUS" --events "$EVENTS" --per-file 225 --seed 42
fi

{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "trailhound: $($BIN --version)  duckdb: $($PY -c 'import duckdb; print(duckdb.__version__)')"
  echo "corpus: $EVENTS events requested; $(find "$CORPUS" -name '*.json.gz' | wc -l) files, $(du -sb "$CORPUS" | cut -f1) bytes gzip"
} | tee "$OUT/env.txt"

exec "$PY" bench/compare.py --bin "$BIN" --corpus "$CORPUS" --out "$OUT" --runs "$RUNS"

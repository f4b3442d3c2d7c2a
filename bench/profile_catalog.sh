#!/usr/bin/env bash
# Times each detection of the catalog alone on a lake: finds the expensive ones.
#   bench/profile_catalog.sh LAKE [BIN]
set -euo pipefail
LAKE=$1
BIN=${2:-target/release/trailhound}
for id in $("$BIN" detections list | awk 'NF > 1 && $1 != "" {print $1}' | grep -v '^[0-9]*$'); do
  start=$(date +%s.%N)
  out=$(TRAILHOUND_MEMORY_LIMIT_MB=${MEMORY_MB:-4000} /usr/bin/time -f "%M" timeout "${TIMEOUT:-60}" "$BIN" hunt --lake "$LAKE" --only "$id" -q --format json --output /dev/null 2>&1 | tail -1) || true
  end=$(date +%s.%N)
  printf "%-50s %6.2f s  %8s KiB\n" "$id" "$(echo "$end - $start" | bc)" "$out"
done

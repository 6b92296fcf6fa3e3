#!/usr/bin/env bash
# Whole-process benchmark of the commands scripts call: wall time (median of
# N runs) and peak resident memory. Uses hyperfine when installed, else
# /usr/bin/time. Budgets (issue targets on a 2-core machine):
#   fitcheck --json (full catalog)   < 80 ms median, < 60 MB peak RSS
#     (was 50 ms for a 1.9 MB document of 293 models; it is now 3.9 MB for
#     394 models with sourced scores, guardrails, file sizes and commands)
#   fitcheck hw --json               < 30 ms median
# Exit status 1 when a budget is exceeded, so it can gate a release.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
bin=$(mktemp -d)/fitcheck
CGO_CFLAGS=-Wno-deprecated-declarations go build -trimpath -o "$bin" .
# Fixed what-if hardware: the timing must not depend on this machine's GPUs.
whatif=(--gpu "RTX 4090" --ram 64GiB)

status=0
measure() { # name budget_ms budget_mb args...
  local name=$1 budget_ms=$2 budget_mb=$3; shift 3
  local times=() rss=0
  for _ in $(seq "$runs"); do
    local t0 t1 kb
    t0=$(date +%s%N)
    kb=$( { /usr/bin/time -f '%M' "$bin" "$@" >/dev/null; } 2>&1 | tail -1)
    t1=$(date +%s%N)
    times+=("$(( (t1 - t0) / 1000 ))")  # microseconds, includes /usr/bin/time's own fork
    (( kb > rss )) && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1/1000} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  local mb=$(( rss / 1024 ))
  local verdict=ok
  if awk -v m="$median" -v b="$budget_ms" 'BEGIN{exit !(m>b)}' || (( mb > budget_mb )); then verdict=OVER; status=1; fi
  printf '%-34s median %6.1f ms (budget %s)  peak RSS %3d MB (budget %s)  %s\n' "$name" "$median" "$budget_ms" "$mb" "$budget_mb" "$verdict"
}

measure "fitcheck --json (what-if)" 80 60 --json "${whatif[@]}"
measure "fitcheck --json (probed)" 80 60 --json
measure "fitcheck hw --json" 30 60 hw --json
measure "fitcheck models --json" 50 60 models --json

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$runs" "$bin --json --gpu 'RTX 4090' --ram 64GiB" "$bin hw --json"
fi
exit $status

#!/usr/bin/env bash
# Memory soak: a 20,000-step reverse-KL training run of a RealNVP on the many-well target, then 10^6 samples drawn
# in batches of 1,000, with the resident set size (RSS) and the Java heap in use recorded every 1,000 training steps
# and every 50 sampling batches. The Java heap is fixed and touched up front (512 MiB, -XX:+AlwaysPreTouch), so
# RSS growth is native memory (PyTorch tensors, JNI), not the heap committing more pages. Prints CSV
# (phase,step,seconds,rss_mib,heap_used_mib,heap_committed_mib,value) and a summary per phase.
# Usage: bench/soak.sh [out.csv] [extra options for 'boltzflow bench soak', e.g. --dim 16 --hidden 32]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-soak.csv}"
shift || true
BOLTZFLOW_JAVA_OPTS="${BOLTZFLOW_JAVA_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}" "$root/boltzflow" bench soak "$@" | tee "$out"
awk -F, 'NR > 1 {
    if (!($1 in first)) { first[$1] = $4; order[++n] = $1 }
    last[$1] = $4; if ($4 > peak[$1]) peak[$1] = $4
    if ($1 == "train" && $2 == 2000) settled = $4
  }
  END {
    for (i = 1; i <= n; i++) {
      p = order[i]
      printf "%s: RSS first %.1f MiB, last %.1f MiB, peak %.1f MiB\n", p, first[p], last[p], peak[p]
    }
    if (settled != "") printf "train: RSS from step 2000 to the end: %+.1f MiB\n", last["train"] - settled
  }' "$out"

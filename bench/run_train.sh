#!/usr/bin/env bash
# One forward-KL training step of the alanine-dipeptide generator's spline flow (the default preset's 6 blocks of
# 2x128 hidden, 8 bins, batch 1024, float64, Adam): boltzflow (`boltzflow bench train`, its flow_* phases) against
# the same flow in PyTorch from Python (bench/train_step_torch.py) at the same thread count. The two sides run in
# turns, ROUNDS times, so that a busy spell of the machine hits both; each round prints both sides' wall and
# thread-CPU milliseconds per phase, the ratio java/python (< 1: boltzflow faster) and the load average.
# Usage: bench/run_train.sh [threads] [rounds] [steps]; BOLTZFLOW_CMD replaces the ./boltzflow launcher (e.g. a
# `java -cp ... org.boltzflow.cli.BoltzflowCommand` line to time a build kept aside).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="${1:-1}"
rounds="${2:-3}"
steps="${3:-10}"
field() { awk -v p="$1" '$1==p{print $2}' <<<"$2"; }
printf '%-5s %-22s %10s %10s %7s %12s %12s %7s  %s\n' round phase java_ms py_ms ratio java_cpu_ms py_cpu_ms ratio load
for round in $(seq 1 "$rounds"); do
  java_out="$(${BOLTZFLOW_CMD:-"$root/boltzflow"} bench train --threads "$threads" --steps "$steps" --rounds 1 --warmup 3)"
  domains="$(awk '$1=="domains"{print $2}' <<<"$java_out")"
  bound="$(awk '$1=="domains"{print $3}' <<<"$java_out")"
  python_out="$(/usr/bin/python3 "$root/bench/train_step_torch.py" --domains "$domains" --bound "$bound" \
    --threads "$threads" --steps "$steps" --rounds 1 --warmup 3)"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  for phase in flow_forward flow_forward_backward flow_step; do
    j="$(field "$phase" "$java_out")"; p="$(field "$phase" "$python_out")"
    jc="$(field "${phase}_cpu" "$java_out")"; pc="$(field "${phase}_cpu" "$python_out")"
    printf '%-5s %-22s %10.2f %10.2f %7.3f %12.2f %12.2f %7.3f  %s\n' "$round" "$phase" "$j" "$p" \
      "$(awk -v a="$j" -v b="$p" 'BEGIN{print a/b}')" "$jc" "$pc" "$(awk -v a="$jc" -v b="$pc" 'BEGIN{print a/b}')" \
      "$load"
  done
  echo "$round  full step with the coordinate layer (java only): $(field step "$java_out") ms wall," \
    "$(field step_cpu "$java_out") ms CPU"
done

#!/usr/bin/env bash
# One RealNVP forward-KL training step (60 dims, 5 coupling blocks of 3x128 hidden, batch 256, float64, Adam):
# boltzflow (DJL + PyTorch 2.7 via JNI) against the same model in PyTorch from Python, at the same thread count,
# run one after the other in this script. Prints both timings per phase and the ratio java/python (< 1: faster),
# wall time and the timing thread's CPU time (the steadier measure when other work shares the machine).
# Usage: bench/run_flows.sh [threads] [steps]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="${1:-1}"
steps="${2:-200}"
java_out="$("$root/boltzflow" bench flows --threads "$threads" --steps "$steps")"
python_out="$(/usr/bin/python3 "$root/bench/flows_step_torch.py" --threads "$threads" --steps "$steps")"
echo "threads: java $(awk '$1=="threads"{print $2}' <<<"$java_out"), python $(awk '$1=="threads"{print $2}' <<<"$python_out")"
printf '%-17s %12s %12s %8s\n' phase java_ms python_ms ratio
for phase in forward forward_backward step forward_cpu forward_backward_cpu step_cpu; do
  j="$(awk -v p="$phase" '$1==p{print $2}' <<<"$java_out")"
  p="$(awk -v p="$phase" '$1==p{print $2}' <<<"$python_out")"
  printf '%-17s %12.3f %12.3f %8.3f\n' "$phase" "$j" "$p" "$(awk -v a="$j" -v b="$p" 'BEGIN{print a/b}')"
done

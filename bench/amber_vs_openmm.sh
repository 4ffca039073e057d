#!/usr/bin/env bash
# AMBER energy+forces and MD throughput of boltzflow (Java) vs OpenMM 7.7's CPU platform, measured in one run
# on alanine dipeptide and printed as ratios. Extra arguments go to `boltzflow bench amber`
# (e.g. --threads 1 --seconds 5). Needs Debian's /usr/bin/python3 with python3-simtk.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/boltzflow" bench amber --script "$root/bench/openmm_bench.py" "$@"

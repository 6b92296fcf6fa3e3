#!/usr/bin/env bash
# gpu-check.sh: on a machine with an NVIDIA GPU, check that fitcheck's probe
# agrees with nvidia-smi on each GPU's name, total and free memory (within
# 1 % of the card's memory). Run from the repository root.
#
#   scripts/gpu-check.sh            # builds /tmp/fitcheck with Go
#   FITCHECK=/path/to/fitcheck GPUCHECK=/path/to/gpucheck scripts/gpu-check.sh
#                                   # prebuilt binaries, for a machine without Go
set -euo pipefail

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

bin=${FITCHECK:-}
if [[ -z $bin ]]; then
	echo "building /tmp/fitcheck"
	CGO_CFLAGS=-Wno-deprecated-declarations go build -o /tmp/fitcheck .
	bin=/tmp/fitcheck
fi
command -v nvidia-smi >/dev/null || { echo "FAIL: nvidia-smi not found; this check needs an NVIDIA GPU"; exit 1; }

# Both readings close together, so free memory has little time to move.
"$bin" hw --json >"$out/hw.json"
nvidia-smi --query-gpu=name,memory.total,memory.free --format=csv >"$out/smi.csv"

echo "--- fitcheck hw --json (gpus)"
grep -E '"(name|memory_total_bytes|memory_free_bytes|bandwidth_gbps|fp16_tflops|spec_source|driver_version|source|gen|lanes|pcie_basis)"' "$out/hw.json" | sed -n '1,200p' || true
echo "--- nvidia-smi"
cat "$out/smi.csv"
# The host link, for the record (fitcheck reads the same fields, or sysfs).
nvidia-smi --query-gpu=name,pcie.link.gen.max,pcie.link.width.max --format=csv || true
echo "--- comparison"
if [[ -n ${GPUCHECK:-} ]]; then
	"$GPUCHECK" -hw "$out/hw.json" -smi "$out/smi.csv"
else
	go run ./scripts/gpucheck -hw "$out/hw.json" -smi "$out/smi.csv"
fi

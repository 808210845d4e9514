#!/usr/bin/env bash
# Times `reel build` on the flagship site: a cold build into an empty folder and warm
# rebuilds (nothing changed), N runs each, and prints the median and the spread as
# reported by reel itself (its closing line gives the milliseconds).
# Usage: bench/build-flagship.sh [RUNS]   (reel must be built in build/)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
reel=build/reel
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

ms() { sed -n 's/.* in \([0-9.]*\) ms.*/\1/p'; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, min %.1f ms, max %.1f ms over %d runs\n", a[int((NR+1)/2)], a[1], a[NR], NR}'; }

cold=$(for _ in $(seq "$runs"); do rm -rf "$out/site"; "$reel" build --allow-outside --output "$out/site" | ms; done | stats)
warm=$(for _ in $(seq "$runs"); do "$reel" build --allow-outside --output "$out/site" | ms; done | stats)
echo "flagship, cold (empty output folder): $cold"
echo "flagship, warm (nothing changed):     $warm"

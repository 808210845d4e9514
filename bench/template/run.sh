#!/usr/bin/env bash
# Renders the flagship's film page (templates/layouts/film.html, the English film page's
# context) N times in process with reel's template engine and with Python's Jinja2, and
# prints both times per render and the ratio.
#
# Like for like: both engines use the same simple site filters (bench_jinja.py and
# reel_bench_templates --simple-filters), render the same bytes (checked), and the
# ratio compares them. reel with its real, ICU-based site filters is printed too.
#
# Usage: bench/template/run.sh [RUNS] [BUILD_DIR]   (default 10000 runs, build dir build/)
# Needs reel_bench_templates built in BUILD_DIR, python3 and python3-jinja2.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10000}
build=${2:-build}
bench="$build/reel_bench_templates"
[ -x "$bench" ] || { echo "run.sh: build $bench first (cmake --build $build --target reel_bench_templates)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bench" --dump-context "$tmp/context.json"
reel_line=$("$bench" --simple-filters --runs "$runs" --output "$tmp/reel.html")
real_line=$("$bench" --runs "$runs")
jinja_line=$(python3 bench/template/bench_jinja.py "$tmp/context.json" --runs "$runs" --output "$tmp/jinja.html")
if cmp -s "$tmp/reel.html" "$tmp/jinja.html"; then same="identical bytes"; else same="OUTPUTS DIFFER"; fi

us() { sed -n 's/.*, \([0-9.]*\) us per render.*/\1/p'; }
reel_us=$(echo "$reel_line" | us)
jinja_us=$(echo "$jinja_line" | us)
echo "$jinja_line"
echo "$reel_line"
echo "$real_line"
awk -v r="$reel_us" -v j="$jinja_us" -v s="$same" \
  'BEGIN { printf "ratio (same templates, context and filters; %s): reel is %.1fx faster than Jinja2\n", s, j / r }'

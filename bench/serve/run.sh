#!/usr/bin/env bash
# Benchmarks `reel serve` on a temporary copy of the flagship site, over loopback:
#  1. save-to-reload-event latency: 20 edits of a prose file (content/en/about.md) and
#     20 of a template every page includes (templates/partials/footer.html), each timed
#     from the rename that saves it to the `reload` event on /__reel/events (median, max);
#  2. when `hugo` is on PATH, the same edits against `hugo server` on an equivalent page
#     (the same prose, a layout with a footer partial), and the ratio of the medians;
#  3. a load run: wrk, 200 connections, 10 s, on the home page: requests/s and errors.
#
# Usage: bench/serve/run.sh [BUILD_DIR]      (default: build; reel must be built there)
#        bench/serve/run.sh [BUILD_DIR] N…  the catalogue of N films instead (the one of
#        bench/catalogue, written by tests/sites/catalogue/generate.py --bench): for each
#        N, the time from starting `reel serve` to the first page served, and 20 edits of
#        one film's prose, each timed from save to the `reload` event (median, max).
# Needs node (tests/js's) and curl; wrk for the load run, a bench-only dependency that
# scripts/install-deps does not install: `apt-get install wrk` (Debian 12). Every step
# is bounded in time; the servers are stopped and the copies removed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
build_dir=build
if [ $# -gt 0 ] && ! [[ "$1" =~ ^[0-9]+$ ]]; then build_dir=$1; shift; fi
case "$build_dir" in /*) reel="$build_dir/reel" ;; *) reel="$root/$build_dir/reel" ;; esac
[ -x "$reel" ] || { echo "run.sh: no reel at $reel; build it first (cmake --build $build_dir)" >&2; exit 2; }
sizes=("$@")
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: '$n' is not a number of films" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The first words of a Markdown file's body (after its front matter), for the edits.
first_words() { awk 'c == 2 && NF { print substr($0, 1, 20); exit } /^---$/ { c++ }' "$1"; }

# Waits (at most 15 s) until FILE holds TEXT.
wait_for() {
  for _ in $(seq 150); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "run.sh: timed out waiting for '$2' in $1" >&2
  cat "$1" >&2
  return 1
}

if [ ${#sizes[@]} -gt 0 ]; then
  echo "| films (pages) | first page served | prose edit to reload: median | max |"
  echo "| --- | --- | --- | --- |"
  for n in "${sizes[@]}"; do
    site="$work/catalogue-$n"
    python3 tests/sites/catalogue/generate.py --bench --films "$n" --out "$site" >/dev/null
    films=("$site"/content/en/films/*.md)  # a glob, not `ls | head`: no SIGPIPE under pipefail
    prose=${films[0]}
    start=$(date +%s%N)
    "$reel" serve --port 0 --source "$site" >"$work/serve-$n.out" 2>"$work/serve-$n.err" &
    pid=$!
    pids+=($pid)
    for _ in $(seq 1200); do grep -q "watching with" "$work/serve-$n.out" 2>/dev/null && break; sleep 0.05; done
    url=$(sed -n 's/.* at \(http:[^ ]*\) (watching.*/\1/p' "$work/serve-$n.out")
    [ -n "$url" ] || { echo "run.sh: reel serve did not start on $n films" >&2; cat "$work/serve-$n.err" >&2; exit 1; }
    until curl -fs -o /dev/null "$url"; do sleep 0.02; done
    first=$(( ($(date +%s%N) - start) / 1000000 ))
    port=$(echo "$url" | sed -n 's/.*:\([0-9]*\)\/.*/\1/p')
    edits=$(node bench/serve/latency.mjs reel "$port" "$prose" "$(first_words "$prose")" 20)
    pages=$(sed -n 's/^reel: built \([0-9]*\) pages.*/\1/p' "$work/serve-$n.out")
    med=$(echo "$edits" | sed -n 's/^median \([0-9.]*\) ms.*/\1/p')
    max=$(echo "$edits" | sed -n 's/.*max \([0-9.]*\) ms.*/\1/p')
    echo "| $n ($pages) | $first ms | $med ms | $max ms |"
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$site"
  done
  exit 0
fi

mkdir -p "$work/site"
cp -r site.yaml content templates static "$work/site/"
"$reel" serve --port 0 --source "$work/site" >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
wait_for "$work/serve.out" "watching with"
url=$(sed -n 's/.* at \(http:[^ ]*\) (watching.*/\1/p' "$work/serve.out")
port=$(echo "$url" | sed -n 's/.*:\([0-9]*\)\/.*/\1/p')
echo "reel serve: $url ($(sed -n 's/^reel: built \(.*\) (in memory.*/\1/p' "$work/serve.out"))"

prose="$work/site/content/en/about.md"
reel_prose=$(node bench/serve/latency.mjs reel "$port" "$prose" "$(first_words "$prose")" 20)
reel_template=$(node bench/serve/latency.mjs reel "$port" "$work/site/templates/partials/footer.html" "</footer>" 20)
echo "reel, prose edit (content/en/about.md), save to reload event:       $reel_prose"
echo "reel, template edit (templates/partials/footer.html), to reload event: $reel_template"

median() { sed -n 's/^median \([0-9.]*\) ms.*/\1/p'; }

if command -v hugo >/dev/null 2>&1; then
  # An equivalent hugo site: the same prose, a layout with a footer partial.
  h="$work/hugo"
  mkdir -p "$h/content" "$h/layouts/_default" "$h/layouts/partials"
  printf 'baseURL = "http://127.0.0.1/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n' >"$h/hugo.toml"
  cp "$prose" "$h/content/about.md"
  printf '<!DOCTYPE html>\n<html><head><title>{{ .Title }}</title></head>\n<body><main>{{ .Content }}</main>\n{{ partial "footer.html" . }}\n</body></html>\n' \
    >"$h/layouts/_default/single.html"
  cp "$h/layouts/_default/single.html" "$h/layouts/_default/list.html"
  printf '<footer><p>Built with hugo.</p></footer>\n' >"$h/layouts/partials/footer.html"
  hport=$((port + 1))
  hugo server --source "$h" --bind 127.0.0.1 --port "$hport" --disableFastRender=false >"$work/hugo.out" 2>&1 &
  pids+=($!)
  wait_for "$work/hugo.out" "Web Server is available"
  hugo_prose=$(node --experimental-websocket bench/serve/latency.mjs hugo "$hport" "$h/content/about.md" "$(first_words "$h/content/about.md")" 20)
  hugo_template=$(node --experimental-websocket bench/serve/latency.mjs hugo "$hport" "$h/layouts/partials/footer.html" "</footer>" 20)
  echo "hugo $(hugo version | awk '{print $2}'), prose edit:    $hugo_prose"
  echo "hugo, template edit: $hugo_template"
  awk -v r="$(echo "$reel_prose" | median)" -v h="$(echo "$hugo_prose" | median)" \
    'BEGIN { printf "prose edit: hugo median / reel median = %.2f\n", h / r }'
  awk -v r="$(echo "$reel_template" | median)" -v h="$(echo "$hugo_template" | median)" \
    'BEGIN { printf "template edit: hugo median / reel median = %.2f\n", h / r }'
else
  echo "hugo is not on PATH: no comparison with hugo server"
fi

if command -v wrk >/dev/null 2>&1; then
  wrk -t2 -c200 -d10s --timeout 5s --latency "$url" >"$work/wrk.out" 2>&1 || true
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/wrk.out")
  total=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$work/wrk.out")
  socket=$(sed -n 's/^ *Socket errors: \(.*\)/\1/p' "$work/wrk.out")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: \([0-9]*\)/\1/p' "$work/wrk.out")
  p99=$(sed -n 's/^ *99% *\(.*\)/\1/p' "$work/wrk.out")
  echo "load (wrk, 2 threads, 200 connections, 10 s, GET $url): ${rps:-?} requests/s, ${total:-?} requests," \
       "errors: ${socket:-none (connect 0, read 0, write 0, timeout 0)}, non-2xx/3xx: ${non2xx:-0}, p99 latency ${p99:-?}"
  [ -z "$socket" ] && [ -z "$non2xx" ] || { cat "$work/wrk.out"; exit 1; }
else
  echo "wrk is not installed (apt-get install wrk): no load run"
fi

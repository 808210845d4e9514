#!/usr/bin/env bash
# Times reel on the benchmark's film catalogue, against Hugo building the same catalogue
# and cmark-gfm converting the same Markdown, for catalogues of N films (default 1, 100,
# 1,000 and 10,000). For each N:
#  1. tests/sites/catalogue/generate.py --bench writes the catalogue twice, for reel and
#     for Hugo (every film with about 1,500 words of prose per language, a table and
#     footnotes; the same facts, bodies and pages);
#  2. both are built once, and the run stops unless both have the same film pages and
#     lists (their paths compared) and the same prose on a film page;
#  3. one hyperfine run times five commands: reel fresh (its output folder removed
#     first: reel keeps its build cache in there), reel with nothing changed, reel after
#     a one-line edit of one prose file (alternating, so every run sees a change), Hugo
#     fresh (public/ and resources/ removed first), and cmark-gfm with the table and
#     footnotes extensions over every Markdown file in one process;
#  4. /usr/bin/time -v gives the peak memory of a fresh reel build and of a Hugo build.
# Then one table: a row per N, the ratios, and each target MET or MISSED; the machine's
# load (uptime) is printed before and after every N.
#
# Usage: bench/catalogue/run.sh [N…]
# Environment: REEL=path to the reel binary (default build/reel in the repository);
#   BENCH_TMP=folder for the generated sites (default /dev/shm, else $TMPDIR, else /tmp);
#   RUNS=number of timed runs per command (default: hyperfine's own choice, at least 10,
#   below 10,000 films; 3 from 10,000 films on); KEEP=1 keeps the generated sites.
# Installs hugo, hyperfine, cmark-gfm and time with apt when missing (sudo when not root).
set -euo pipefail
here=$(pwd)
cd "$(dirname "$0")/../.."
root=$(pwd)

reel=${REEL:-$root/build/reel}
case "$reel" in /*) ;; *) reel="$here/$reel" ;; esac
[ -x "$reel" ] || { echo "run.sh: no reel at $reel; build it (cmake --build build --target reel) or set REEL=path" >&2; exit 2; }

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 100 1000 10000)
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: '$n' is not a number of films" >&2; exit 2; }
done

# ---------------------------------------------------------------- what the bench needs
missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
command -v cmark-gfm >/dev/null 2>&1 || missing+=(cmark-gfm)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "run.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v python3 >/dev/null 2>&1 || { echo "run.sh: python3 is needed to write the catalogue" >&2; exit 2; }

base=${BENCH_TMP:-}
if [ -z "$base" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then base=/dev/shm; else base=${TMPDIR:-/tmp}; fi
fi
work=$(mktemp -d "$base/reel-catalogue-bench.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then echo "run.sh: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() {
  echo "run.sh: FAILED: $*" >&2
  exit 1
}

# The film pages and film lists of a built site, as paths without index.html, sorted.
film_pages() {
  (cd "$1" && find . -name index.html) | sed 's|^\./||; s|index\.html$||' |
    grep -E '^(it/)?films/([^/]+/)?$' | LC_ALL=C sort
}

# The text of a film page's prose, tags and entities removed, for comparing the two.
prose_text() {
  sed -n '/<div class="prose">/,/^  <\/div>/p' "$1" |
    sed 's/<[^>]*>//g; s/&[a-z]*;//g; s/&#[0-9]*;//g; s/&#x[0-9a-fA-F]*;//g; s/[^[:alnum:]]//g' | tr -d '\n'
}

# Peak resident memory (kB) of a command, from GNU time.
peak_kb() {
  local log=$1
  shift
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; fail "$* exited non-zero"; }
  sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): \([0-9]*\)$/\1/p' "$log"
}

echo "reel catalogue bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(uname -sr)"
echo "reel: $reel ($("$reel" --version))"
echo "hugo: $(hugo version | awk '{print $2}'), hyperfine: $(hyperfine --version | awk '{print $2}'), cmark-gfm: $(cmark-gfm --version | head -1 | awk '{print $2}')"
echo "sites in $work"
echo "load: $(uptime)"

for n in "${sizes[@]}"; do
  d="$work/$n"
  site="$d/reel-site"
  out="$d/reel-out"
  hsite="$d/hugo-site"
  mkdir -p "$d"
  echo
  echo "== $n film(s) =="
  python3 tests/sites/catalogue/generate.py --bench --films "$n" --out "$site" --hugo "$hsite"

  # One prose file gets a last line that every "one edit" run flips between two values.
  edited=""
  for f in "$site"/content/it/films/*.md; do
    if [ "$(basename "$f")" != index.md ]; then edited=$f; break; fi
  done
  printf '\nRevisione: a.\n' >>"$edited"

  # ---------------------------------------------------------------- same pages, or stop
  "$reel" build --source "$site" --output "$out" --allow-outside >"$d/reel-build.log" 2>&1 ||
    { cat "$d/reel-build.log" >&2; fail "reel build of $n films"; }
  hugo --source "$hsite" --quiet >"$d/hugo-build.log" 2>&1 ||
    { cat "$d/hugo-build.log" >&2; fail "hugo build of $n films"; }
  tail -1 "$d/reel-build.log"
  if grep -q 'warning' "$d/reel-build.log"; then
    echo "run.sh: reel warned (the bench catalogue should build cleanly):" >&2
    head -20 "$d/reel-build.log" >&2
  fi
  film_pages "$out" >"$d/reel-pages.txt"
  film_pages "$hsite/public" >"$d/hugo-pages.txt"
  if ! cmp -s "$d/reel-pages.txt" "$d/hugo-pages.txt"; then
    diff "$d/reel-pages.txt" "$d/hugo-pages.txt" | head -20 >&2
    fail "reel and Hugo built different film pages for $n films (< reel, > hugo)"
  fi
  count=$(wc -l <"$d/reel-pages.txt")
  [ "$count" -eq $((2 * n + 2)) ] || fail "expected $((2 * n + 2)) film pages and lists, found $count"
  slug=$(basename "$edited" .md)
  for page in "films/$slug/index.html" "it/films/$slug/index.html"; do
    r=$(prose_text "$out/$page")
    h=$(prose_text "$hsite/public/$page")
    # The edited page has one more line on reel's side.
    if [ "$page" = "it/films/$slug/index.html" ]; then r=${r/Revisionea/}; fi
    if [ -z "$r" ] || [ "$r" != "$h" ]; then fail "the prose of $page differs between reel and Hugo"; fi
    if ! grep -q '<table' "$out/$page" || ! grep -q 'footnote' "$out/$page"; then
      fail "$page has no table or no footnotes"
    fi
  done
  pages=$(find "$out" -name '*.html' | wc -l)
  echo "same film pages and lists in both ($count), same prose; reel built $pages HTML pages"

  # ---------------------------------------------------------------- timings
  runs=()
  if [ -n "${RUNS:-}" ]; then
    runs=(--runs "$RUNS")
  elif [ "$n" -ge 10000 ]; then
    runs=(--runs 3)
  else
    runs=(--warmup 1)
  fi
  build="$(printf '%q' "$reel") build --source $(printf '%q' "$site") --output $(printf '%q' "$out") --allow-outside"
  flip="sed -i -e 's/^Revisione: a\.\$/Revisione: x./' -e 's/^Revisione: b\.\$/Revisione: a./' -e 's/^Revisione: x\.\$/Revisione: b./' $(printf '%q' "$edited")"
  echo "load before: $(uptime)" | tee "$d/load.txt"
  hyperfine --style basic "${runs[@]}" --export-json "$d/hyperfine.json" \
    -n "reel fresh" --prepare "rm -rf $(printf '%q' "$out")" "$build" \
    -n "reel no change" --prepare "true" "$build" \
    -n "reel one edit" --prepare "$flip" "$build" \
    -n "hugo" --prepare "rm -rf $(printf '%q' "$hsite/public") $(printf '%q' "$hsite/resources")" \
    "hugo --source $(printf '%q' "$hsite") --quiet" \
    -n "cmark-gfm" --prepare "true" \
    "cd $(printf '%q' "$site/content") && cmark-gfm -e table -e footnotes */*.md */films/*.md"
  rm -rf "$out"
  rss_reel=$(peak_kb "$d/reel-time.txt" "$reel" build --source "$site" --output "$out" --allow-outside)
  rm -rf "$hsite/public" "$hsite/resources"
  rss_hugo=$(peak_kb "$d/hugo-time.txt" hugo --source "$hsite" --quiet)
  echo "peak memory: reel fresh $((rss_reel / 1024)) MB, hugo $((rss_hugo / 1024)) MB"
  echo "load after: $(uptime)" | tee -a "$d/load.txt"
  printf '{"films": %d, "pages": %d, "rss_reel_kb": %d, "rss_hugo_kb": %d}\n' \
    "$n" "$pages" "$rss_reel" "$rss_hugo" >"$d/summary.json"
done

echo
python3 bench/catalogue/report.py "$work"

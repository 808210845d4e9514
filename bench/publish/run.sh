#!/usr/bin/env bash
# Benchmarks `reel publish` on a site of N small pages against plain git on the same tree:
#  1. writes a minimal reel site of N pages (bench/publish/make_site.py: N HTML files in
#     pretty-URL folders, plus the sitemap) in a fresh git repository whose `origin` is
#     a fresh local bare repository, and builds it once with `reel build` (for reference);
#  2. `reel publish --dry-run` (the build in memory, every object id, nothing written),
#     then `reel publish`, through a `git` wrapper first on PATH that logs every git run
#     reel starts and how long it took;
#  3. the same built tree (reel's output folder, plus .nojekyll) committed the ordinary
#     way in a fresh repository: `git add -A`, `git commit`, `git push` to a fresh bare
#     repository;
#  4. one page edited: `reel publish` again, against `git add -A && git commit` and
#     `git push` of the same edit to the built tree.
# Prints the figures (wall-clock seconds) as a table, and the git runs of each publish.
# Every git runs without user or system configuration (GIT_CONFIG_GLOBAL=/dev/null,
# GIT_CONFIG_NOSYSTEM=1) and without automatic gc (gc.auto=0); the temporary folder is
# removed on exit.
#
# Usage: bench/publish/run.sh [N] [BUILD_DIR]     (defaults: 20000, build; BUILD_DIR
# relative to the repository or absolute)
# Needs python3 (for make_site.py), git, and reel built in BUILD_DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-20000}
build_dir=${2:-build}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
reel="$build_dir/reel"
if ! [[ "$n" =~ ^[0-9]+$ ]] || [ "$n" -lt 2 ]; then
  echo "run.sh: N must be a number >= 2, not '$n'" >&2
  exit 2
fi
[ -x "$reel" ] || { echo "run.sh: no reel at $reel; build it first (cmake --build ${2:-build})" >&2; exit 2; }
real_git=$(command -v git) || { echo "run.sh: git is not installed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Reel Bench" GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME="Reel Bench" GIT_COMMITTER_EMAIL=bench@example.org
export GIT_CEILING_DIRECTORIES="$work"
# No automatic `git gc` in the background (after a commit of thousands of loose
# objects): it would run during the timed steps of either side.
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=gc.auto GIT_CONFIG_VALUE_0=0

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# Runs a command quietly (its output goes to $work/last.log) and prints its seconds.
timed() {
  local t0
  t0=$(now)
  if ! "$@" >"$work/last.log" 2>&1; then
    echo "run.sh: failed: $*" >&2
    cat "$work/last.log" >&2
    exit 1
  fi
  since "$t0"
}

# The git wrapper: logs "<start> <end> <arguments>" for every run, then exits as git did.
mkdir -p "$work/bin"
cat >"$work/bin/git" <<EOF
#!/usr/bin/env bash
start=\$(date +%s.%N)
"$real_git" "\$@"
rc=\$?
echo "\$start \$(date +%s.%N) \$*" >>"\$REEL_BENCH_GIT_LOG"
exit \$rc
EOF
chmod +x "$work/bin/git"
# Publishes (with reel's arguments) through the wrapper, logging into $work/$1.log.
publish() {
  local log="$work/$1.log"
  shift
  : >"$log"
  (cd "$work/site" && export REEL_BENCH_GIT_LOG="$log" PATH="$work/bin:$PATH" && timed "$reel" publish "$@")
}
# A log's number of git runs, their total seconds, and the slowest three.
runs() { awk '{ t += $2 - $1 } END { printf "%d git runs, %.2f s in git", NR, t }' "$1"; }
slowest() {
  awk '{ sub_ = ($3 ~ /^-/) ? $4 : $3; printf "%.2f %s\n", $2 - $1, sub_ }' "$1" | sort -rn | head -3 |
    awk '{ printf "%s%s %s s", (NR > 1 ? ", " : ""), $2, $1 }'
}

echo "bench/publish: $n pages, reel at $reel, $("$real_git" --version)"
echo "making the site..."
python3 "$root/bench/publish/make_site.py" "$n" "$work/site"
git init --quiet --bare "$work/remote.git"
(cd "$work/site" && git init --quiet -b main && git add -A && git commit --quiet -m "The site" &&
  git remote add origin "$work/remote.git")

t_build=$(cd "$work/site" && timed "$reel" build --allow-outside --output "$work/out")
files=$(find "$work/out" -type f ! -name '.reel-*' | wc -l)
t_dry=$(publish dry --dry-run)
t_publish=$(publish first)

# The same tree, the ordinary way.
mkdir "$work/plain"
(cd "$work/out" && tar --exclude='./.reel-*' -cf - .) | (cd "$work/plain" && tar -xf -)
touch "$work/plain/.nojekyll"
git init --quiet --bare "$work/plain-remote.git"
(cd "$work/plain" && git init --quiet -b gh-pages && git remote add origin "$work/plain-remote.git")
t_add=$(cd "$work/plain" && timed git add -A)
t_commit=$(cd "$work/plain" && timed git commit --quiet -m "The site")
t_push=$(cd "$work/plain" && timed git push --quiet origin gh-pages)

# One page edited, in the source and in the plain tree alike.
page=$((n / 2))
section=$((page / 100))
echo "An edited paragraph." >>"$work/site/content/en/s$section/p$page.md"
(cd "$work/site" && git commit --quiet -am "Edit page $page")
t_republish=$(publish again)
echo "<p>An edited paragraph.</p>" >>"$work/plain/s$section/p$page/index.html"
t_readd=$(cd "$work/plain" && timed sh -c 'git add -A && git commit --quiet -m "Edit"')
t_repush=$(cd "$work/plain" && timed git push --quiet origin gh-pages)

objects() { git -C "$1" count-objects -v | awk '/^(count|in-pack):/ { s += $2 } END { print s }'; }
published=$(git -C "$work/remote.git" ls-tree -r --name-only gh-pages | wc -l)
new_objects=$(git -C "$work/site" rev-list --objects gh-pages --not gh-pages~1 | wc -l)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }
echo
echo "site: $n pages, $files files built, $published files published (with .nojekyll)"
printf '%-58s %8s\n' "step" "seconds"
printf '%-58s %8s\n' "reel build (to disk, for reference)" "$t_build"
printf '%-58s %8s\n' "reel publish --dry-run (build in memory + every object id)" "$t_dry"
printf '%-58s %8s\n' "reel publish, first (build + objects + commit + push)" "$t_publish"
printf '%-58s %8s\n' "  of which in git: $(runs "$work/first.log")" ""
printf '%-58s %8s\n' "git add -A" "$t_add"
printf '%-58s %8s\n' "git commit" "$t_commit"
printf '%-58s %8s\n' "git push (to a fresh bare repository)" "$t_push"
printf '%-58s %8s\n' "reel publish after one edit" "$t_republish"
printf '%-58s %8s\n' "  of which in git: $(runs "$work/again.log")" ""
printf '%-58s %8s\n' "git add -A && git commit after the same edit" "$t_readd"
printf '%-58s %8s\n' "git push after the same edit" "$t_repush"
echo
echo "first publish, slowest git runs: $(slowest "$work/first.log")"
echo "republish, slowest git runs: $(slowest "$work/again.log")"
echo "republish wrote $new_objects new objects (commit, trees, blobs); the site repository holds $(objects "$work/site/.git") objects"
git_first=$(awk '{ t += $2 - $1 } END { printf "%.2f", t }' "$work/first.log")
echo "reel publish / (git add -A + git commit + git push): $(ratio "$t_publish" "$(awk -v a="$t_add" -v b="$t_commit" -v c="$t_push" 'BEGIN { print a + b + c }')")"
echo "reel publish minus its dry run (writing objects, commit, push) / (git add -A + git commit + git push): $(ratio "$(awk -v a="$t_publish" -v b="$t_dry" 'BEGIN { print a - b }')" "$(awk -v a="$t_add" -v b="$t_commit" -v c="$t_push" 'BEGIN { print a + b + c }')")"
echo "git time of reel publish / git add -A: $(ratio "$git_first" "$t_add")"

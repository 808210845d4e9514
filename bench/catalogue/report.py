#!/usr/bin/env python3
"""Prints the table of bench/catalogue/run.sh from its work folder: one row per number of
films (hyperfine's mean ± standard deviation of each command and its CPU time, the
ratios of the means, peak memory) and each target MET or MISSED.

    python3 bench/catalogue/report.py WORK_DIR

WORK_DIR holds one folder per number of films, each with hyperfine.json (hyperfine
--export-json), summary.json (films, pages, peak memory in kB) and load.txt (uptime).
"""
import json
import os
import sys

COMMANDS = ["reel fresh", "reel no change", "reel one edit", "hugo", "cmark-gfm"]


def duration(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    ms = seconds * 1000
    return f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"


def timing(r):
    """Mean ± standard deviation of the wall-clock time, and the CPU time (user + system),
    which a busy machine inflates less."""
    return f"{duration(r['mean'])} ± {duration(r['stddev'] or 0.0)} (CPU {duration(r['user'] + r['system'])})"


def verdict(value, limit, strict):
    ok = value < limit if strict else value <= limit
    return "MET" if ok else "MISSED"


def ratio_cell(value, limit=None, strict=False, sign="≤"):
    if value == float("inf"):
        return "— (too quick to time)"
    if limit is None:
        return f"{value:.3f}"
    return f"{value:.3f} ({sign} {limit:g}: {verdict(value, limit, strict)})"


def films(n):
    return f"{n:,} film" + ("" if n == 1 else "s")


def load_runs(work):
    runs = []
    for name in os.listdir(work):
        d = os.path.join(work, name)
        if not os.path.isfile(os.path.join(d, "summary.json")):
            continue
        with open(os.path.join(d, "summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
        with open(os.path.join(d, "hyperfine.json"), encoding="utf-8") as f:
            results = {r["command"]: r for r in json.load(f)["results"]}
        with open(os.path.join(d, "load.txt"), encoding="utf-8") as f:
            load = [line.strip() for line in f if line.strip()]
        runs.append((summary, results, load))
    runs.sort(key=lambda run: run[0]["films"])
    return runs


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    runs = load_runs(sys.argv[1])
    if not runs:
        sys.exit("report.py: no finished run in " + sys.argv[1])
    print("| N films (pages) | reel fresh | reel no change | reel one edit | Hugo | cmark-gfm "
          "| reel÷Hugo | reel÷cmark | no-change÷fresh | edit÷fresh | RSS reel/Hugo |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    targets = []
    for summary, r, _ in runs:
        n = summary["films"]
        fresh, same, edit, hugo, cmark = (r[c]["mean"] for c in COMMANDS)
        # cmark-gfm over one film's Markdown can end under hyperfine's resolution (0 ms).
        vs_hugo, vs_cmark = fresh / hugo, (fresh / cmark if cmark > 0 else float("inf"))
        rss = summary["rss_reel_kb"] / summary["rss_hugo_kb"]
        hugo_limit = {1: 0.1, 10000: 0.2}.get(n)
        cmark_limit = 1.5 if n == 10000 else None
        cells = [
            f"{n:,} ({summary['pages']:,})",
            *(timing(r[c]) for c in COMMANDS),
            ratio_cell(vs_hugo, hugo_limit),
            ratio_cell(vs_cmark, cmark_limit),
            ratio_cell(same / fresh, 0.05, strict=True, sign="<"),
            ratio_cell(edit / fresh, 0.05, strict=True, sign="<"),
            f"{summary['rss_reel_kb'] / 1024:.0f}/{summary['rss_hugo_kb'] / 1024:.0f} MB = "
            + ratio_cell(rss, 0.25, strict=True, sign="<"),
        ]
        print("| " + " | ".join(cells) + " |")
        if hugo_limit is not None:
            targets.append((f"{films(n)}: fresh ≥ {1 / hugo_limit:g}× faster than Hugo",
                            f"reel÷Hugo = {vs_hugo:.3f}", verdict(vs_hugo, hugo_limit, False)))
        if cmark_limit is not None:
            targets.append((f"{films(n)}: fresh ≤ 1.5× cmark-gfm", f"reel÷cmark = {vs_cmark:.3f}",
                            verdict(vs_cmark, cmark_limit, False)))
        targets.append((f"{films(n)}: nothing changed < 5% of fresh", f"{same / fresh:.3f}",
                        verdict(same / fresh, 0.05, True)))
        targets.append((f"{films(n)}: one edit < 5% of fresh", f"{edit / fresh:.3f}",
                        verdict(edit / fresh, 0.05, True)))
        targets.append((f"{films(n)}: peak memory < ¼ of Hugo's", f"{rss:.3f}", verdict(rss, 0.25, True)))
    measured = {summary["films"] for summary, _, _ in runs}
    for n, what in ((1, "fresh ≥ 10× faster than Hugo"), (10000, "fresh ≥ 5× faster than Hugo"),
                    (10000, "fresh ≤ 1.5× cmark-gfm")):
        if n not in measured:
            targets.append((f"{films(n)}: {what}", "not measured in this run", "—"))
    print()
    print("Targets:")
    for what, value, result in targets:
        print(f"- {what}: {value}: {result}")
    print()
    print("Load (uptime) before and after each hyperfine run:")
    for summary, _, load in runs:
        for line in load:
            print(f"- {films(summary['films'])}, {line}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Renders the flagship's film page with Python's Jinja2, for comparison with reel.

Usage: python3 bench/template/bench_jinja.py CONTEXT.json [--templates DIR] [--runs N] [--output FILE]

CONTEXT.json comes from `reel_bench_templates --dump-context` (the context `reel build`
gives the English film page; markup strings as {"__markup__": "..."}). The environment
matches reel's build: autoescape for .html/.htm/.xml/.svg, StrictUndefined. The site
filters and `tr` are simple Python stand-ins for reel's (English only, no ICU): they do
comparable work, not identical formatting. Prints `jinja2: N renders, X us per render`.
"""
import argparse
import datetime
import json
import os
import re
import time

import jinja2
from markupsafe import Markup, escape


def load_context(path):
    def hook(obj):
        if len(obj) == 1 and "__markup__" in obj:
            return Markup(obj["__markup__"])
        return obj

    with open(path, encoding="utf-8") as f:
        return json.load(f, object_hook=hook)


def make_env(templates, site):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "svg"], default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
    )

    def date(value):
        d = datetime.date.fromisoformat(value)
        return f"{d.day} {d.strftime('%B')} {d.year}"

    def number(value):
        return f"{float(value):,.0f}" if float(value).is_integer() else f"{float(value):,}"

    def money(value, currency="USD", words=False):
        return ("US$" if currency == "USD" else currency + " ") + f"{float(value):,.0f}"

    def minutes(value):
        return f"{int(value)} minutes"

    def compact(value):
        v = float(value)
        for scale, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
            if v >= scale:
                return f"{v / scale:.1f} {word}"
        return f"{v:.0f}"

    def percent(value):
        return f"{float(value):.0f}%"

    def relative_url(value):
        return site["base_path"] + str(value).lstrip("/")

    def absolute_url(value):
        return site["base_url"] + str(value).lstrip("/")

    @jinja2.pass_context
    def cite(ctx, fact):
        ids = fact.get("sources") if isinstance(fact, dict) else fact
        if not ids:
            return Markup("")
        bibliography = ctx["film"]["sources"]
        label = ctx["t"].get("source")
        parts = []
        for source_id in ids:
            for i, s in enumerate(bibliography):
                if s["id"] == source_id:
                    n = str(i + 1)
                    title = s.get("publisher", source_id)
                    aria = (label + " " if label else "") + n + ": " + title
                    parts.append(f'<a href="#source-{escape(source_id)}" aria-label="{escape(aria)}">{n}</a>')
                    break
            else:
                raise ValueError(f"cited source {source_id} is not in film.sources")
        return Markup('<sup class="cite">[' + ", ".join(parts) + "]</sup>")

    plural = re.compile(r"\{(\w+), plural, one \{([^}]*)\} other \{([^}]*)\}\}")

    @jinja2.pass_context
    def tr(ctx, key, **values):
        pattern = ctx["t"][key]

        def one(m):
            n = values[m.group(1)]
            return (m.group(2) if n == 1 else m.group(3)).replace("#", str(n))

        return plural.sub(one, pattern).format(**values)

    env.filters.update(date=date, number=number, money=money, minutes=minutes, compact=compact, percent=percent,
                       relative_url=relative_url, absolute_url=absolute_url, cite=cite)
    env.globals["tr"] = tr
    return env


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser()
    parser.add_argument("context")
    parser.add_argument("--templates", default=os.path.join(root, "templates"))
    parser.add_argument("--runs", type=int, default=10000)
    parser.add_argument("--output")
    args = parser.parse_args()

    context = load_context(args.context)
    site = context.pop("__site__")
    template = make_env(args.templates, site).get_template("layouts/film.html")
    page = template.render(context)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(page)
    start = time.perf_counter()
    size = 0
    for _ in range(args.runs):
        size += len(template.render(context).encode("utf-8"))
    us = (time.perf_counter() - start) * 1e6 / args.runs
    print(f"jinja2: {args.runs} renders of layouts/film.html ({size // args.runs} bytes), {us:.1f} us per render")


if __name__ == "__main__":
    main()

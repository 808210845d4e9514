#!/usr/bin/env python3
"""Regenerates conformance.jsonl: each case's expected output from Python's Jinja2.

Usage: python3 tests/template/make_conformance.py cases.jsonl [more.jsonl ...] > tests/template/conformance.jsonl

A case is one JSON object per line: {"t": template source, "ctx": {...}, "files": {name: source},
"name": "t.html", "opts": {"trim_blocks", "lstrip_blocks", "keep_trailing_newline", "strict"}}.
The environment mirrors reel's: select_autoescape on .html/.htm/.xml/.svg, the do and
loopcontrols extensions, StrictUndefined when opts.strict. The output adds "expect"
(the rendered text) or "error": true when Jinja2 raises.
"""
import json
import sys

import jinja2


def render(case):
    opts = case.get("opts", {})
    files = dict(case.get("files", {}))
    name = case.get("name", "t.html")
    files[name] = case["t"]
    env = jinja2.Environment(
        loader=jinja2.DictLoader(files),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "svg"], default_for_string=False, default=False),
        trim_blocks=opts.get("trim_blocks", False),
        lstrip_blocks=opts.get("lstrip_blocks", False),
        keep_trailing_newline=opts.get("keep_trailing_newline", False),
        undefined=jinja2.StrictUndefined if opts.get("strict") else jinja2.Undefined,
        extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
    )
    return env.get_template(name).render(**case.get("ctx", {}))


for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        case = json.loads(line)
        try:
            case["expect"] = render(case)
        except Exception:  # noqa: BLE001 - any Jinja error means "reel must fail too"
            case["error"] = True
        print(json.dumps(case, ensure_ascii=False))

#!/usr/bin/env python3
"""Conformance of reel's template engine with Python's Jinja2, byte for byte.

Usage: python3 tests/template/conformance.py REEL_BINARY [CORPUS_DIR] [-k SUBSTRING] [-v]

Every case file (*.case, format in tests/template/README.md) under CORPUS_DIR
(default: the corpus/ folder next to this script) is rendered twice:

- by `REEL_BINARY render --templates DIR --context FILE [options] NAME`, and
- by Jinja2: Environment(FileSystemLoader(DIR)), autoescape by extension (.html .htm
  .xml .svg) when the case says `autoescape`, trim_blocks / lstrip_blocks /
  keep_trailing_newline as the case says, StrictUndefined unless `lenient` (then the
  default Undefined), with the loopcontrols and do extensions that reel always has.

A normal case passes when both succeed with the same bytes. An `expect: error` case
passes when both fail, reel exits with status 1 (never a crash), and reel's standard
error names the position as `NAME:LINE:COL`: the case's `error_at` when given, else the
template and line Jinja2 blames (any column), else any template of the case.

Prints one line per failing case and ends with `N passed, N failed`; exits 1 on any
failure. Needs python3 and python3-jinja2 (Debian packages; scripts/install-deps).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback

import jinja2
import jinja2.ext

OPTIONS = ("autoescape", "trim_blocks", "lstrip_blocks", "keep_trailing_newline", "lenient")
SECTION = re.compile(rb"^--- (\S+)[ \t]*\n", re.M)


class CaseError(Exception):
    """A malformed case file."""


def parse_case(path):
    """Reads a case file: returns (options set, header dict, context, [(name, bytes)])."""
    data = open(path, "rb").read()
    sections = list(SECTION.finditer(data))
    if not sections:
        raise CaseError("no `--- NAME` section")
    header = {}
    for raw in data[: sections[0].start()].decode("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise CaseError(f"header line without `key: value`: {raw!r}")
        header[key.strip()] = value.strip()
    unknown = set(header) - {"options", "expect", "error_at"}
    if unknown:
        raise CaseError(f"unknown header keys {sorted(unknown)}")
    options = set(header.get("options", "").split())
    if options - set(OPTIONS):
        raise CaseError(f"unknown options {sorted(options - set(OPTIONS))}")
    if header.get("expect", "output") not in ("output", "error"):
        raise CaseError("`expect` is `output` (default) or `error`")
    context = {}
    templates = []
    for i, m in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(data)
        body = data[m.end() : end]
        # The newline that ends a section's last line belongs to the format, not to the
        # template: write a trailing newline as an empty last line.
        if body.endswith(b"\n"):
            body = body[:-1]
        name = m.group(1).decode("utf-8")
        if name == "context.json":
            context = json.loads(body.decode("utf-8")) if body.strip() else {}
            if not isinstance(context, dict):
                raise CaseError("context.json must hold an object")
        else:
            templates.append((name, body))
    if not templates:
        raise CaseError("no template section")
    return options, header, context, templates


def jinja_env(folder, options):
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "svg"], default_for_string=False, default=False)
        if "autoescape" in options
        else False,
        trim_blocks="trim_blocks" in options,
        lstrip_blocks="lstrip_blocks" in options,
        keep_trailing_newline="keep_trailing_newline" in options,
        undefined=jinja2.Undefined if "lenient" in options else jinja2.StrictUndefined,
        extensions=[jinja2.ext.loopcontrols, jinja2.ext.do],
    )


def jinja_error_position(exc, folder):
    """(template name, line) that Jinja2 blames for `exc`, or None."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno and exc.name:
        name = exc.name
        return (os.path.relpath(name, folder) if os.path.isabs(name) else name), exc.lineno
    found = None
    tb = exc.__traceback__
    prefix = os.path.join(folder, "")
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(prefix):
            found = (os.path.relpath(filename, folder), tb.tb_lineno)
        tb = tb.tb_next
    return found


def run_case(path, reel, verbose):
    """Returns None when the case passes, else a one-line reason."""
    options, header, context, templates = parse_case(path)
    expect_error = header.get("expect") == "error"
    with tempfile.TemporaryDirectory(prefix="reel-conformance-") as tmp:
        folder = os.path.join(tmp, "templates")
        for name, body in templates:
            target = os.path.join(folder, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(body)
        context_file = os.path.join(tmp, "context.json")
        with open(context_file, "w", encoding="utf-8") as f:
            json.dump(context, f, ensure_ascii=False)
        main = templates[0][0]

        flags = [f"--{o.replace('_', '-')}" for o in OPTIONS if o in options]
        proc = subprocess.run(
            [reel, "render", "--templates", folder, "--context", context_file, *flags, main],
            capture_output=True,
            timeout=60,
        )
        reel_out, reel_err = proc.stdout, proc.stderr.decode("utf-8", "replace")

        jinja_out = jinja_exc = None
        try:
            jinja_out = jinja_env(folder, options).get_template(main).render(**context).encode("utf-8")
        except Exception as e:  # noqa: BLE001 - any failure of Jinja2 is "it fails"
            jinja_exc = e
        position = jinja_error_position(jinja_exc, folder) if jinja_exc else None

    if verbose:
        print(f"--- {path}\nreel rc={proc.returncode} out={reel_out!r}\n{reel_err}jinja2 out={jinja_out!r} "
              f"exc={jinja_exc!r} at {position}")
    if proc.returncode not in (0, 1):
        return f"reel crashed (exit status {proc.returncode}): {reel_err.strip()[:300]}"
    if not expect_error:
        if jinja_exc is not None:
            return f"the case expects output but Jinja2 fails: {type(jinja_exc).__name__}: {jinja_exc}"
        if proc.returncode != 0:
            first = reel_err.strip().splitlines()[0] if reel_err.strip() else ""
            return f"reel fails, Jinja2 renders {jinja_out!r}: {first}"
        if reel_out != jinja_out:
            return f"output differs: reel {reel_out!r} != Jinja2 {jinja_out!r}"
        return None
    if jinja_exc is None:
        return f"the case expects an error but Jinja2 renders {jinja_out!r}"
    if proc.returncode != 1:
        return f"Jinja2 fails ({type(jinja_exc).__name__}: {jinja_exc}) but reel renders {reel_out!r}"
    if "error_at" in header:
        if header["error_at"] not in reel_err:
            return f"reel's message lacks the position {header['error_at']}: {reel_err.strip()[:300]}"
    elif position is not None:
        name, line = position
        if not re.search(re.escape(name) + f":{line}:" + r"\d+", reel_err):
            return f"reel's message lacks the position {name}:{line}:COL (Jinja2's line): {reel_err.strip()[:300]}"
    else:
        names = "|".join(re.escape(n) for n, _ in templates)
        if not re.search(f"({names}):" + r"\d+:\d+", reel_err):
            return f"reel's message names no NAME:LINE:COL: {reel_err.strip()[:300]}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reel", help="path to the reel binary")
    parser.add_argument("corpus", nargs="?", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
    parser.add_argument("-k", dest="filter", default="", help="run only cases whose file name contains this")
    parser.add_argument("-v", dest="verbose", action="store_true", help="print both results of every case")
    args = parser.parse_args()

    cases = sorted(f for f in os.listdir(args.corpus) if f.endswith(".case") and args.filter in f)
    passed = failed = 0
    for case in cases:
        try:
            reason = run_case(os.path.join(args.corpus, case), args.reel, args.verbose)
        except CaseError as e:
            reason = f"malformed case: {e}"
        except Exception:  # noqa: BLE001 - report, keep going
            reason = "runner error: " + traceback.format_exc().strip().splitlines()[-1]
        if reason is None:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {case}: {reason}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main())

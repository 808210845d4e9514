#!/usr/bin/env python3
"""Follows docs/tutorial.md literally: runs every ```sh block, in order, in one shell
session in a fresh folder, with the `reel` under test first on PATH, and fails when a
command fails. The `reel serve` block is run in the background until its page answers,
then stopped, as a reader would press Ctrl-C. A block that follows "It prints:" and is
not marked `sh` is compared with what the previous block printed, line by line, with
times and commit ids left out.

    run_tutorial.py REEL_BINARY TUTORIAL_MD

Prints how long the whole tutorial took when followed literally.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

FENCE = re.compile(r"^( *)```(\w*)\n(.*?)^\1```$", re.M | re.S)


def blocks(markdown):
    """(language, code, preceding text) for every fenced block, in order."""
    out, last = [], 0
    for m in FENCE.finditer(markdown):
        indent = len(m.group(1))
        code = "\n".join(line[indent:] for line in m.group(3).splitlines()) + "\n"
        out.append((m.group(2), code, markdown[last:m.start()]))
        last = m.end()
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def normalise(text):
    text = re.sub(r"in [0-9.]+ ms", "in N ms", text)
    text = re.sub(r"\b[0-9a-f]{7,40}\b", "COMMIT", text)
    return [line.rstrip() for line in text.strip().splitlines()]


def main():
    reel, tutorial = os.path.abspath(sys.argv[1]), sys.argv[2]
    with open(tutorial, encoding="utf-8") as f:
        steps = blocks(f.read())
    work = tempfile.mkdtemp(prefix="reel-tutorial-")
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir)
    os.symlink(reel, os.path.join(bindir, "reel"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], HOME=work)
    # One shell for every block, as a reader's terminal: `cd` and `export` carry over.
    # The working folder and environment are saved after each block and restored before
    # the next.
    state = os.path.join(work, "state.sh")
    with open(state, "w") as f:
        f.write(f"cd '{work}'\n")
    started = time.monotonic()
    previous_output = ""
    ran = 0
    try:
        for lang, code, before in steps:
            if lang != "sh":
                if before.rstrip().endswith("It prints:"):
                    want, got = normalise(code), normalise(previous_output)
                    if want != got:
                        print(f"tutorial: the tutorial says it prints\n{code}\nbut it printed\n{previous_output}")
                        return 1
                continue
            ran += 1
            if code.strip() == "reel serve":
                port = free_port()
                script = f". '{state}'\nexec reel serve --port {port}\n"
                server = subprocess.Popen(["bash", "-c", script], env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True)
                try:
                    deadline = time.monotonic() + 30
                    while True:
                        try:
                            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                                if r.status == 200:
                                    break
                        except OSError:
                            pass
                        if time.monotonic() > deadline or server.poll() is not None:
                            print("tutorial: reel serve did not answer")
                            return 1
                        time.sleep(0.1)
                finally:
                    server.terminate()
                    server.wait(timeout=10)
                print(f"tutorial: step {ran}: reel serve answered on port {port}")
                continue
            script = f"set -euo pipefail\n. '{state}'\n{code}\n" \
                     f"{{ echo \"cd '$PWD'\"; export -p; }} > '{state}.new' && mv '{state}.new' '{state}'\n"
            r = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=300)
            previous_output = r.stdout + r.stderr
            if r.returncode != 0:
                print(f"tutorial: step {ran} failed (exit {r.returncode}):\n{code}\n--- output ---\n{previous_output}")
                return 1
            print(f"tutorial: step {ran} ok")
        print(f"tutorial: {ran} steps followed literally in {time.monotonic() - started:.1f} s")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

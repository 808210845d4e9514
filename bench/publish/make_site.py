#!/usr/bin/env python3
"""Writes a minimal reel site of N pages into DIR, for bench/publish/run.sh.

Usage: make_site.py N DIR

One language, one layout, a home page and N - 1 pages of a few paragraphs each,
100 to a section folder (content/en/s<k>/p<i>.md), so the built site is N HTML files
in pretty-URL folders (s<k>/p<i>/index.html) plus the sitemap: the shape of a real
site's output tree.
"""
import os
import sys


def main() -> int:
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        print("usage: make_site.py N DIR  (N >= 1)", file=sys.stderr)
        return 2
    n, root = int(sys.argv[1]), sys.argv[2]
    os.makedirs(os.path.join(root, "templates", "layouts"), exist_ok=True)
    os.makedirs(os.path.join(root, "content", "en"), exist_ok=True)
    with open(os.path.join(root, "site.yaml"), "w") as f:
        f.write("title: Publish bench\n"
                "base_url: https://example.org/bench/\n"
                "languages:\n"
                "  en: {name: English, locale: en-GB}\n")
    with open(os.path.join(root, "templates", "layouts", "page.html"), "w") as f:
        f.write("<!DOCTYPE html>\n"
                "<html lang=\"{{ lang }}\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head>\n"
                "<body><main><h1>{{ page.title }}</h1>\n{{ page.content }}</main></body></html>\n")
    with open(os.path.join(root, "content", "en", "index.md"), "w") as f:
        f.write("---\ntitle: Home\n---\nThe home page of a site of %d pages.\n" % n)
    for i in range(1, n):
        folder = os.path.join(root, "content", "en", "s%d" % (i // 100))
        if i % 100 == 0 or i == 1:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "p%d.md" % i), "w") as f:
            f.write("---\ntitle: Page %d\n---\n" % i)
            for p in range(3):
                f.write("Paragraph %d of page %d: a few sentences of plain prose, long enough to look like "
                        "a page of a real site, with *some* emphasis and a [link](https://example.org/%d).\n\n"
                        % (p + 1, i, i))
    return 0


if __name__ == "__main__":
    sys.exit(main())

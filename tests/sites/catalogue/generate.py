#!/usr/bin/env python3
"""Writes the catalogue test site: a synthetic, clearly fictional film catalogue in
English and Italian that exercises reel's collections, lists, pagination, taxonomies,
menus, outputs, get_page/url_for, `@/` links and the link checker.

    python3 generate.py [--films N] [--out DIR] [--bench] [--hugo DIR]

--bench writes the benchmark's version (bench/catalogue/run.sh): every film with about
1,500 words of prose per language, awards, and nothing a build would warn about; no
taxonomies, feeds or search. --hugo DIR also writes the same catalogue as a Hugo site.

Deterministic: the same arguments always write the same bytes (fixed seed, no clock).
Every title, person, figure and sentence below is invented.
"""
import argparse
import math
import os
import random
import re
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- invented pools
TITLE_WORDS_A = [
    ("The Glass", "Il vetro"), ("Paper", "Di carta"), ("Quiet", "Silenzioso"),
    ("Northern", "Del nord"), ("Velvet", "Di velluto"), ("Last", "Ultimo"),
    ("Hollow", "Cavo"), ("Salt", "Di sale"), ("Amber", "D'ambra"),
    ("Winter", "D'inverno"), ("Borrowed", "In prestito"), ("Crooked", "Storto"),
]
TITLE_WORDS_B = [
    ("Harbour", "Porto"), ("Orchard", "Frutteto"), ("Lantern", "Lanterna"),
    ("Staircase", "Scala"), ("Meridian", "Meridiano"), ("Aviary", "Voliera"),
    ("Ledger", "Registro"), ("Tramline", "Binario"), ("Observatory", "Osservatorio"),
    ("Ferry", "Traghetto"), ("Greenhouse", "Serra"), ("Signal", "Segnale"),
]
# Titles that test collation: accents, lower case, a leading digit-free apostrophe.
SPECIAL_TITLES = [
    ({"en": "Étude for Two Clocks", "it": "Étude per due orologi"}),
    ({"en": "ángel of the Dunes", "it": "ángel delle dune"}),
    ({"en": "Zebra Crossing at Dawn", "it": "Zebra all'alba"}),
    ({"en": "Òrbita", "it": "Òrbita"}),
]
GENRES = [
    {"en": "Drama", "it": "Dramma"},
    {"en": "Comedy", "it": "Commedia"},
    {"en": "Science fiction", "it": "Fantascienza"},
    {"en": "Thriller", "it": "Thriller"},
    {"en": "Crime", "it": "Poliziesco"},
    {"en": "Documentary", "it": "Documentario"},
    {"en": "Romance", "it": "Sentimentale"},
    {"en": "City symphony", "it": "Sinfonia di città"},
]
DIRECTORS = [
    "Ilse Marrow", "Tobiah Quennell", "Wren Castellane", "Odalys Fenwick-Park",
    "Bartolo Ruske", "Maud Ellery-Sato", "Cassius Vray",
]
ACTORS = [
    "Petra Lindqvale", "Osric Danmore", "Fenna Oyelaran", "Jules Harrowgate",
    "Mireille Tocco", "Anselm Brightwater", "Noor Castellvì", "Dorian Pell",
    "Sabine Okonkwo-Reyes", "Teodor Vask", "Lumi Achterberg", "Ravi Stellmach",
]
CHARACTERS = [
    ({"en": "The Lighthouse Keeper", "it": "Il guardiano del faro"}),
    ({"en": "The Cartographer", "it": "La cartografa"}),
    ({"en": "Inspector Halloran", "it": "L'ispettore Halloran"}),
    ({"en": "The Night Porter", "it": "Il portiere di notte"}),
    ({"en": "A Stranger", "it": "Uno sconosciuto"}),
    ({"en": "The Archivist", "it": "L'archivista"}),
]
PUBLISHERS = ["The Imaginary Film Almanac", "Fictional Screen Quarterly", "Made-Up Box Office Ledger"]
CURRENCIES = ["USD", "EUR", "GBP"]

SEED = 20240611


def slugify(s):
    out = []
    for ch in s.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif ch in "éèê":
            out.append("e")
        elif ch in "áà":
            out.append("a")
        elif ch in "òó":
            out.append("o")
        else:
            out.append("-")
    return "-".join(p for p in "".join(out).split("-") if p)


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def roman(n):
    """n in Roman numerals, for the sequels' titles."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def make_films(n):
    rng = random.Random(SEED)
    films = []
    used = set()
    combos = [(a, b) for a in TITLE_WORDS_A for b in TITLE_WORDS_B]
    rng.shuffle(combos)
    specials = list(SPECIAL_TITLES)
    ci = 0
    for i in range(n):
        if i % 6 == 2 and specials:
            title = specials.pop(0)
        else:
            # Past the last combination, the combinations come round again with a
            # sequel's number ("Amber Aviary II"), so every title and slug stays unique.
            (ae, ai), (be, bi) = combos[ci % len(combos)]
            cycle = ci // len(combos)
            ci += 1
            title = {"en": f"{ae} {be}", "it": f"{bi} {ai.lower()}" if not ai.startswith("Il") else f"{ai} {bi.lower()}"}
            if cycle:
                title = {lang: f"{t} {roman(cycle + 1)}" for lang, t in title.items()}
        slug = slugify(title["en"])
        while slug in used:
            slug += "-2"
        used.add(slug)
        year = 1990 + rng.randrange(31)
        month = 1 + rng.randrange(12)
        day = 1 + rng.randrange(28)
        genres = rng.sample(GENRES, 1 + rng.randrange(3))
        genres.sort(key=lambda g: GENRES.index(g))
        directors = [DIRECTORS[i % len(DIRECTORS)]]
        if i % 5 == 4:
            directors.append(DIRECTORS[(i + 3) % len(DIRECTORS)])
        cast = []
        for k in range(2 + rng.randrange(2)):
            cast.append((ACTORS[(i * 2 + k) % len(ACTORS)], CHARACTERS[(i + k) % len(CHARACTERS)]))
        films.append({
            "index": i,
            "slug": slug,
            "title": title,
            "year": year,
            "release_date": f"{year}-{month:02d}-{day:02d}",
            "runtime": 78 + rng.randrange(80),
            "genres": genres,
            "directors": directors,
            "cast": cast,
            "budget": (1 + rng.randrange(90)) * 250000,
            "currency": CURRENCIES[i % len(CURRENCIES)],
            # Every fourth film has no Italian tagline: it falls back to English.
            "it_tagline": i % 4 != 1,
        })
    return films


def tagline(f):
    g = f["genres"][0]
    en = f"An invented {g['en'].lower()} about {f['title']['en']}, made for a test catalogue."
    it = f"Un film inventato ({g['it'].lower()}) su «{f['title']['it']}», per un catalogo di prova."
    return en, it


def facts_yaml(f):
    en, it = tagline(f)
    lines = [
        "# Synthetic, fictional film for reel's catalogue test site (generated: do not edit).",
        "title:",
        f"  en: {q(f['title']['en'])}",
        f"  it: {q(f['title']['it'])}",
        f"year: {f['year']}",
        f"release_date: {q(f['release_date'])}",
        f"runtime_minutes: {f['runtime']}",
        "identity_sources: [almanac]",
        "tagline:",
        f"  en: {q(en)}",
    ]
    if f["it_tagline"]:
        lines.append(f"  it: {q(it)}")
    lines.append("genres:")
    for g in f["genres"]:
        lines.append(f"  - {{en: {q(g['en'])}, it: {q(g['it'])}}}")
    lines.append("directors:")
    for d in f["directors"]:
        lines.append(f"  - {{name: {q(d)}, sources: [almanac]}}")
    lines.append("cast:")
    for actor, ch in f["cast"]:
        lines.append(f"  - actor: {q(actor)}")
        lines.append(f"    character: {{en: {q(ch['en'])}, it: {q(ch['it'])}}}")
    if f.get("poster"):
        lines.append(f"poster: {q(f['poster'])}")
    lines += [
        "budget:",
        f"  amount: {f['budget']}",
        f"  currency: {f['currency']}",
        "  sources: [ledger]",
    ]
    if f.get("awards"):
        lines.append("awards:")
        for a in f["awards"]:
            lines += [
                f"  - name: {{en: {q(a['name']['en'])}, it: {q(a['name']['it'])}}}",
                f"    year: {a['year']}",
                f"    category: {{en: {q(a['category']['en'])}, it: {q(a['category']['it'])}}}",
                f"    result: {{en: {q(a['result']['en'])}, it: {q(a['result']['it'])}}}",
                "    sources: [almanac]",
            ]
    lines += [
        "sources:",
        "  - id: almanac",
        f"    title: {q(f['title']['en'] + ' entry')}",
        f"    publisher: {q(PUBLISHERS[0])}",
        f"    url: https://example.invalid/almanac/{f['slug']}",
        "  - id: ledger",
        f"    title: {q('Budgets of ' + str(f['year']))}",
        f"    publisher: {q(PUBLISHERS[2])}",
        f"    url: https://example.invalid/ledger/{f['year']}",
    ]
    return "\n".join(lines) + "\n"


SCHEMA = """\
# The catalogue's facts model (synthetic test site; docs/facts.md describes the format).
root: film
citations: sources
types:
  film:
    sources_field: identity_sources
    fields:
      identity_sources: {type: source_ids}
      title: {type: text, localized: true, required: true}
      year: {type: int, required: true}
      release_date: {type: date}
      runtime_minutes: {type: int}
      tagline: {type: text, localized: true}
      genres: {type: text, list: true, localized: true}
      directors: {type: person, list: true}
      cast: {type: cast_member, list: true}
      budget: {type: money}
      poster: {type: text}
      sources: {type: source, list: true, required: true}
  person:
    fields:
      name: {type: text, required: true}
      sources: {type: source_ids}
  cast_member:
    fields:
      actor: {type: text, required: true}
      character: {type: text, localized: true, required: true}
      sources: {type: source_ids}
  money:
    fields:
      amount: {type: number, required: true}
      currency: {type: currency, required: true}
      sources: {type: source_ids}
  source:
    fields:
      id: {type: text, required: true}
      title: {type: text, required: true}
      publisher: {type: text}
      url: {type: url}
"""

STRINGS = {
    "en": {
        "skip_to_content": "Skip to content",
        "language_switcher": "Read this page in",
        "main_menu": "Main",
        "films": "Films",
        "search": "Search",
        "about": "About",
        "genres": "Genres",
        "directors": "Directors",
        "years": "Years",
        "year": "Year",
        "released": "Released",
        "runtime": "Running time",
        "budget": "Budget",
        "directed_by": "Directed by",
        "cast": "Cast",
        "actor": "Actor",
        "character": "Character",
        "sources": "Sources",
        "pagination": "Pages",
        "previous": "Previous",
        "next": "Next",
        "page_n": "Page {n}",
        "film_count": "{n, plural, one {# film} other {# films}}",
        "search_label": "Search films by title",
        "search_results": "Results",
        "latest": "Latest additions",
        "not_found_title": "Page not found",
        "not_found_text": "There is no page at this address.",
        "not_found_home": "Go to the catalogue's home page",
        "feed": "Atom feed",
        "poster_alt": "Poster of {title}: {genre}, {year}",
        "term_description": "The invented films of this test catalogue filed under {taxonomy}: {term}.",
        "taxonomy_description": "{taxonomy} of the invented films of this test catalogue, each with its list of films.",
    },
    "it": {
        "skip_to_content": "Vai al contenuto",
        "language_switcher": "Leggi questa pagina in",
        "main_menu": "Principale",
        "films": "Film",
        "search": "Cerca",
        "about": "Informazioni",
        "genres": "Generi",
        "directors": "Registi",
        "years": "Anni",
        "year": "Anno",
        "released": "Uscita",
        "runtime": "Durata",
        "budget": "Budget",
        "directed_by": "Regia",
        "cast": "Interpreti",
        "actor": "Attore",
        "character": "Personaggio",
        "sources": "Fonti",
        "pagination": "Pagine",
        "previous": "Precedente",
        "next": "Successiva",
        "page_n": "Pagina {n}",
        "film_count": "{n, plural, one {# film} other {# film}}",
        "search_label": "Cerca i film per titolo",
        "search_results": "Risultati",
        "latest": "Ultime aggiunte",
        "not_found_title": "Pagina non trovata",
        "not_found_text": "Non c'è nessuna pagina a questo indirizzo.",
        "not_found_home": "Vai alla pagina iniziale del catalogo",
        "feed": "Feed Atom",
        "poster_alt": "Locandina di {title}: {genre}, {year}",
        "term_description": "I film inventati di questo catalogo di prova che ricadono in {taxonomy}: {term}.",
        "taxonomy_description": "{taxonomy} dei film inventati di questo catalogo di prova, ciascuno con i suoi film.",
    },
}


def site_yaml(bench=False):
    """site.yaml; for the benchmark (bench=True), the films, their list, the home and
    about pages only: no taxonomies, feeds or search, which the Hugo twin has not."""
    strings = BENCH_STRINGS if bench else STRINGS
    out = [
        "# The catalogue test site (generated by generate.py: do not edit by hand).",
        "title: {en: Catalogue, it: Catalogo}",
        "base_url: https://example.org/catalogue/",
        "default_language: en",
        "languages:",
    ]
    for code, name, locale in (("en", "English", "en-GB"), ("it", "Italiano", "it-IT")):
        out.append(f"  {code}:")
        out.append(f"    name: {name}")
        out.append(f"    locale: {locale}")
        if code == "it":
            out.append("    fallback: en")
        out.append("    strings:")
        for k, v in strings[code].items():
            out.append(f"      {k}: {q(v)}")
    out += [
        "collections:",
        "  films:",
        "    as: film",
        "    permalink: /films/{slug}/",
        "    layout: film",
        "    title: title",
        "    description: tagline",
        "    date: release_date",
    ]
    if bench:
        out += [
            "menus:",
            "  main:",
            "    - page: films/index",
            "    - page: about",
        ]
        return "\n".join(out) + "\n"
    out += [
        # Posters: 400 × 600 PNGs, shown 240 px wide beside a film's facts on a wide
        # screen and half the width on a phone, which then picks the 200 px files.
        "images:",
        "  widths: [200, 400]",
        "  formats: [avif, webp]",
        "  quality: 60",
        "  sizes: \"(min-width: 48rem) 240px, 50vw\"",
        "taxonomies:",
        "  genres: {collection: films, field: genres, permalink: /genres/, title: {en: Genres, it: Generi}, paginate_by: 5}",
        "  directors: {collection: films, field: directors.name, permalink: /directors/, title: {en: Directors, it: Registi}}",
        "  years: {collection: films, field: year, permalink: /years/, title: {en: Years, it: Anni}}",
        "outputs:",
        "  atom.xml: {}",
        "  search.json: {}",
        "  404.html: {per_language: false}",
        "  robots.txt: {per_language: false}",
        "menus:",
        "  main:",
        "    - page: films/index",
        "    - page: genres",
        "    - page: directors",
        "    - page: search",
        "    - page: about",
    ]
    return "\n".join(out) + "\n"


def prose(f, lang, other):
    t = f["title"][lang]
    if lang == "en":
        body = (f"*{t}* is one of the invented films of this catalogue. Nobody made it; "
                f"it exists so that reel has a page with prose to render.\n\n"
                f"It runs for {{{{ fact('runtime_minutes', 'minutes') }}}}.\n")
        if other:
            body += f"\nFor a film with a similar mood, [see also](@/films/{other['slug']}.md).\n"
    else:
        body = (f"*{t}* è uno dei film inventati di questo catalogo. Nessuno l'ha girato; "
                f"esiste perché reel abbia una pagina con del testo da mostrare.\n\n"
                f"Dura {{{{ fact('runtime_minutes', 'minutes') }}}}.\n")
        if other:
            body += f"\nPer un film dall'atmosfera simile, [vedi anche](@/films/{other['slug']}.md).\n"
    return f"---\ntitle: {q(t)}\n---\n\n{body}"


def pages():
    return {
        "en/index.md": "---\ntitle: Catalogue\nlayout: home\n"
                       "description: A bilingual catalogue of films that never existed, written to test reel.\n---\n\nA catalogue of films that never existed, "
                       "written to test reel. Every title, person and figure is invented.\n",
        "it/index.md": "---\ntitle: Catalogo\nlayout: home\n"
                       "description: Un catalogo bilingue di film mai esistiti, scritto per mettere alla prova reel.\n---\n\nUn catalogo di film mai esistiti, "
                       "scritto per mettere alla prova reel. Titoli, persone e cifre sono inventati.\n",
        "en/films/index.md": "---\ntitle: Films\nlayout: list\n"
                             "description: Every invented film of the test catalogue, by title, ten to a page.\nlist: {collection: films, sort_by: title, paginate_by: 10}\n---\n\n"
                             "Every film of the catalogue, by title.\n",
        "it/films/index.md": "---\ntitle: Film\nlayout: list\n"
                             "description: Tutti i film inventati del catalogo di prova, per titolo, dieci per pagina.\nlist: {collection: films, sort_by: title, paginate_by: 10}\n---\n\n"
                             "Tutti i film del catalogo, per titolo.\n",
        "en/search.md": "---\ntitle: Search\nlayout: search\n"
                        "description: Search the invented films of the test catalogue by title, in English.\nlist: {collection: films, sort_by: title}\n---\n",
        "it/search.md": "---\ntitle: Cerca\nlayout: search\n"
                        "description: Cerca per titolo i film inventati del catalogo di prova, in italiano.\nlist: {collection: films, sort_by: title}\n---\n",
        "en/about.md": "---\ntitle: About\n"
                       "description: What this catalogue is, a fixture of reel's tests with fictional films and people.\n---\n\nThis site is a fixture of reel's tests. "
                       "Its films, people and numbers are fictional; any resemblance is a coincidence.\n\n"
                       "Start from the [list of films](@/films/index.md).\n",
        "it/about.md": "---\ntitle: Informazioni\n"
                       "description: Che cos'è questo catalogo, una prova dei test di reel con film e persone immaginari.\n---\n\nQuesto sito è una prova dei test di reel. "
                       "Film, persone e cifre sono immaginari; ogni somiglianza è una coincidenza.\n\n"
                       "Comincia dall'[elenco dei film](@/films/index.md).\n",
    }


T = {}

T["layouts/base.html"] = """\
<!DOCTYPE html>
<html lang="{{ lang }}" dir="ltr">
<head>
{% include "partials/head.html" %}
</head>
<body>
<a class="skip-link" href="#content">{{ t.skip_to_content }}</a>
<header class="site-header">
  <p class="site-title"><a href="{{ language.url }}">{{ site.title }}</a></p>
{% include "partials/nav.html" %}
{% include "partials/language_switcher.html" %}
</header>
<main id="content" tabindex="-1">
{% block main %}{% endblock %}
</main>
<footer class="site-footer">
  <p><a href="{{ url_for('about', lang=lang) }}">{{ t.about }}</a> · <a href="{{ 'atom.xml' | relative_url if lang == 'en' else ('it/atom.xml' | relative_url) }}" type="application/atom+xml">{{ t.feed }}</a></p>
</footer>
</body>
</html>
"""

T["partials/head.html"] = """\
{% if paginator is defined and paginator.current_index > 1 %}{% set title = page.title ~ ' · ' ~ tr('page_n', n=paginator.current_index) %}{% else %}{% set title = page.title %}{% endif %}
{%- if page.description %}{% set description = page.description %}
{%- elif term is defined %}{% set description = tr('term_description', taxonomy=taxonomy.title, term=term.name) %}
{%- elif taxonomy is defined %}{% set description = tr('taxonomy_description', taxonomy=taxonomy.title) %}
{%- else %}{% set description = site.title %}{% endif -%}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · {{ site.title }}</title>
<meta name="description" content="{{ description }}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{{ site.title }}">
<meta property="og:title" content="{{ title }}">
<meta property="og:description" content="{{ description }}">
<meta property="og:url" content="{{ page.permalink }}">
<meta property="og:locale" content="{{ og_locale }}">
{% for alt in page.translations %}<meta property="og:locale:alternate" content="{{ alt.locale | replace('-', '_') }}">
{% endfor %}<link rel="canonical" href="{{ page.permalink }}">
{% for alt in page.alternates %}<link rel="alternate" hreflang="{{ alt.hreflang }}" href="{{ alt.permalink }}">
{% endfor %}<link rel="alternate" hreflang="x-default" href="{{ page.x_default }}">
{% if paginator is defined %}{% if paginator.previous %}<link rel="prev" href="{{ paginator.previous }}">
{% endif %}{% if paginator.next %}<link rel="next" href="{{ paginator.next }}">
{% endif %}{% endif %}<link rel="alternate" type="application/atom+xml" href="{{ 'atom.xml' | relative_url if lang == 'en' else ('it/atom.xml' | relative_url) }}" title="{{ site.title }}">
<link rel="stylesheet" href="{{ 'style.css' | relative_url }}">
"""

T["partials/nav.html"] = """\
<nav class="main-menu" aria-label="{{ t.main_menu }}">
  <ul>
{% for item in menus.main %}
    <li><a href="{{ item.url }}"{% if item.id == page.id %} aria-current="page"{% endif %}>{{ item.name }}</a></li>
{% endfor %}
  </ul>
</nav>
"""

T["partials/language_switcher.html"] = """\
<nav class="language-switcher" aria-label="{{ t.language_switcher }}">
  <ul>
{% for alt in page.alternates %}
    <li>{% if alt.current %}<a href="{{ alt.url }}" aria-current="page" lang="{{ alt.hreflang }}">{{ alt.name }}</a>{% else %}<a href="{{ alt.url }}" hreflang="{{ alt.hreflang }}" lang="{{ alt.hreflang }}" rel="alternate">{{ alt.name }}</a>{% endif %}</li>
{% endfor %}
  </ul>
</nav>
"""

T["partials/pager.html"] = """\
{% if paginator.total_pages > 1 %}
<nav class="pager" aria-label="{{ t.pagination }}">
  <ul>
{% if paginator.previous %}    <li><a href="{{ paginator.previous }}" rel="prev">{{ t.previous }}</a></li>
{% endif %}{% for p in paginator.pagers %}    <li>{% if p.current %}<a href="{{ p.url }}" aria-current="page">{{ p.index }}</a>{% else %}<a href="{{ p.url }}" aria-label="{{ tr('page_n', n=p.index) }}">{{ p.index }}</a>{% endif %}</li>
{% endfor %}{% if paginator.next %}    <li><a href="{{ paginator.next }}" rel="next">{{ t.next }}</a></li>
{% endif %}  </ul>
</nav>
{% endif %}
"""

T["partials/film_list.html"] = """\
<ul class="film-list">
{% for p in items %}
  <li>{% if p.facts and p.facts.poster is defined %}{{ image(p.facts.poster, decorative=true, widths=[48, 96], sizes='48px', class='thumb') }}{% endif %}<a href="{{ p.url }}">{{ p.title }}</a>{% if p.facts and p.facts.year is defined %} ({{ p.facts.year }}){% endif %}</li>
{% endfor %}
</ul>
"""

T["layouts/film.html"] = """\
{% extends "layouts/base.html" %}
{% block main %}
<article class="film">
  <h1>{{ film.title }}</h1>
{% if film.poster is defined %}  <div class="poster">{{ image(film.poster, alt=tr('poster_alt', title=film.title, genre=film.genres[0], year=(film.year | string)), loading='eager') }}</div>
{% endif %}{% if film.tagline is defined %}  <p class="tagline">{{ film.tagline }}</p>
{% endif %}  <dl class="facts">
    <dt>{{ t.year }}</dt><dd><a href="{{ url_for('years', lang=lang) }}">{{ film.year }}</a></dd>
{% if film.release_date is defined %}    <dt>{{ t.released }}</dt><dd><time datetime="{{ film.release_date }}">{{ film.release_date | date }}</time></dd>
{% endif %}{% if film.runtime_minutes is defined %}    <dt>{{ t.runtime }}</dt><dd>{{ film.runtime_minutes | minutes }}</dd>
{% endif %}{% if film.budget is defined %}    <dt>{{ t.budget }}</dt><dd>{{ film.budget.amount | money(film.budget.currency) }}</dd>
{% endif %}    <dt>{{ t.directed_by }}</dt><dd>{% for d in film.directors %}{{ d.name }}{{ ", " if not loop.last }}{% endfor %}</dd>
    <dt>{{ t.genres }}</dt><dd>{% for g in film.genres %}{{ g }}{{ ", " if not loop.last }}{% endfor %}</dd>
  </dl>
{% if page.content %}  <div class="prose">
{{ page.content }}
  </div>
{% endif %}{% if film.cast is defined %}  <table class="cast">
    <caption>{{ t.cast }}</caption>
    <thead><tr><th scope="col">{{ t.actor }}</th><th scope="col">{{ t.character }}</th></tr></thead>
    <tbody>
{% for c in film.cast %}      <tr><td>{{ c.actor }}</td><td>{{ c.character }}</td></tr>
{% endfor %}    </tbody>
  </table>
{% endif %}  <section aria-labelledby="sources-heading">
    <h2 id="sources-heading">{{ t.sources }}</h2>
    <ol>
{% for s in film.sources %}      <li id="source-{{ s.id }}">{{ s.title }}{% if s.publisher is defined %}, {{ s.publisher }}{% endif %}</li>
{% endfor %}    </ol>
  </section>
</article>
{% endblock %}
"""

T["layouts/list.html"] = """\
{% extends "layouts/base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
{{ page.content }}
<p class="count">{{ tr('film_count', n=(data.films | length)) }}</p>
{% set items = paginator.pages %}{% include "partials/film_list.html" %}
{% include "partials/pager.html" %}
{% endblock %}
"""

T["layouts/home.html"] = """\
{% extends "layouts/base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
{{ page.content }}
{% set films = get_page('films/index', lang=lang) %}
<p><a href="{{ films.url }}">{{ films.title }}</a> · <a href="{{ url_for('genres', lang=lang) }}">{{ t.genres }}</a> · <a href="{{ url_for('years', lang=lang) }}">{{ t.years }}</a></p>
<section aria-labelledby="latest-heading">
  <h2 id="latest-heading">{{ t.latest }}</h2>
  {% set items = (pages | selectattr('facts') | sort(attribute='date', reverse=true) | list)[:5] %}{% include "partials/film_list.html" %}
</section>
{% endblock %}
"""

T["layouts/search.html"] = """\
{% extends "layouts/base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
<form class="search" role="search" action="#" data-index="{{ 'search.json' | relative_url if lang == 'en' else ('it/search.json' | relative_url) }}">
  <label for="q">{{ t.search_label }}</label>
  <input type="search" id="q" name="q" autocomplete="off">
</form>
<p id="search-status" role="status" aria-live="polite">{{ tr('film_count', n=(data.films | length)) }}</p>
<h2>{{ t.search_results }}</h2>
{% set items = paginator.pages %}<div id="search-results">{% include "partials/film_list.html" %}</div>
<script src="{{ 'search.js' | relative_url }}" data-count-one="{{ tr('film_count', n=1) }}" data-count-other="{{ tr('film_count', n=2) | replace('2', '{n}') }}" defer></script>
{% endblock %}
"""

T["layouts/taxonomy.html"] = """\
{% extends "layouts/base.html" %}
{% block main %}
<h1>{{ taxonomy.title }}</h1>
<ul class="terms">
{% for term in taxonomy.terms %}
  <li><a href="{{ term.url }}">{{ term.name }}</a> ({{ tr('film_count', n=term.count) }})</li>
{% endfor %}
</ul>
{% endblock %}
"""

T["layouts/term.html"] = """\
{% extends "layouts/base.html" %}
{% block main %}
<p class="breadcrumb"><a href="{{ taxonomy.url }}">{{ taxonomy.title }}</a></p>
<h1>{{ term.name }}</h1>
{% set items = paginator.pages %}{% include "partials/film_list.html" %}
{% include "partials/pager.html" %}
{% endblock %}
"""

T["layouts/page.html"] = """\
{% extends "layouts/base.html" %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
{{ page.content }}
</article>
{% endblock %}
"""

T["atom.xml"] = """\
<?xml version="1.0" encoding="utf-8"?>
{% set entries = pages | selectattr('facts') | sort(attribute='date', reverse=true) | list %}<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ lang }}">
  <id>{{ output.permalink }}</id>
  <title>{{ site.title }}</title>
  <updated>{{ entries[0].date if entries else '2000-01-01' }}T00:00:00Z</updated>
  <link rel="self" type="application/atom+xml" href="{{ output.permalink }}"/>
  <link rel="alternate" type="text/html" href="{{ language.url | absolute_url }}"/>
  <author><name>{{ site.title }}</name></author>
{% for p in entries %}  <entry>
    <id>{{ p.permalink }}</id>
    <title>{{ p.title }}</title>
    <updated>{{ p.date if p.date else '2000-01-01' }}T00:00:00Z</updated>
    <link rel="alternate" type="text/html" href="{{ p.permalink }}"/>
{% if p.description %}    <summary>{{ p.description }}</summary>
{% endif %}  </entry>
{% endfor %}</feed>
"""

T["search.json"] = """\
[{% for p in pages %}{{ {"title": p.title, "url": p.url, "description": p.description or ""} | tojson }}{{ "," if not loop.last }}
{% endfor %}]
"""

T["404.html"] = """\
<!DOCTYPE html>
<html lang="{{ lang }}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t.not_found_title }}</title>
<meta name="robots" content="noindex">
<link rel="stylesheet" href="{{ 'style.css' | relative_url }}">
</head>
<body>
<main id="content" class="not-found">
{% for l in site.languages %}
  <section lang="{{ l.code }}" aria-labelledby="not-found-{{ l.code }}">
    <h{{ 1 if loop.first else 2 }} id="not-found-{{ l.code }}">{{ l.strings.not_found_title }}</h{{ 1 if loop.first else 2 }}>
    <p>{{ l.strings.not_found_text }}</p>
    <p><a href="{{ l.url }}">{{ l.strings.not_found_home }}</a></p>
  </section>
{% endfor %}
</main>
</body>
</html>
"""

T["robots.txt"] = """\
User-agent: *
Allow: /

Sitemap: {{ 'sitemap.xml' | absolute_url }}
"""

STYLE = """\
/* The catalogue test site: plain, readable, accessible. */
:root {
  color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5;
  --bg: #fff; --fg: #1a1a1a; --link: #0b57d0; --visited: #6a1b9a;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #ececec; --link: #8ab4f8; --visited: #d7aefb; }
}
html { background: var(--bg); color: var(--fg); }
a { color: var(--link); }
a:visited { color: var(--visited); }
body { margin: 0 auto; max-width: 48rem; padding: 0 1rem; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
.site-header ul, .pager ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
[aria-current="page"] { font-weight: bold; }
.poster img { display: block; width: 50vw; max-width: 240px; height: auto; }
.film-list li { margin: .25rem 0; }
.film-list .thumb { width: 48px; height: auto; margin-inline-end: .5rem; vertical-align: middle; }
.cast { border-collapse: collapse; }
.cast th, .cast td { border: 1px solid GrayText; padding: .25rem .5rem; text-align: start; }
"""

SEARCH_JS = """\
// The catalogue's search: fetches the language's search.json (URL in the form's
// data-index) and filters its entries by title as the reader types.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var script = document.currentScript;
  if (!form || !input || !status || !results) return;
  var one = script ? script.getAttribute("data-count-one") : "1";
  var other = script ? script.getAttribute("data-count-other") : "{n}";
  var entries = null;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  function fold(s) {
    return s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  }
  function render() {
    if (!entries) return;
    var needle = fold(input.value.trim());
    var shown = entries.filter(function (e) { return fold(e.title).indexOf(needle) !== -1; });
    var list = document.createElement("ul");
    list.className = "film-list";
    shown.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.url;
      a.textContent = e.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    results.replaceChildren(list);
    var text = shown.length === 1 ? one : other.replace("{n}", String(shown.length));
    // A live region announces every change: leave it alone when the count is the same.
    if (status.textContent !== text) status.textContent = text;
  }
  var collator = new Intl.Collator(document.documentElement.lang);
  fetch(form.getAttribute("data-index"))
    .then(function (r) { return r.json(); })
    .then(function (all) {
      entries = all.filter(function (e) { return /\\/films\\/[^/]+\\/$/.test(e.url) && !/\\/page\\//.test(e.url); });
      entries.sort(function (a, b) { return collator.compare(a.title, b.title); });
      render();
      status.setAttribute("data-ready", "true");
    })
    .catch(function () { /* No index: the page keeps its full list of films. */ });
  input.addEventListener("input", render);
})();
"""


# ---------------------------------------------------------------- the benchmark's catalogue
# `--bench` gives every film about 1,500 words of prose per language (sections, a GFM table,
# footnotes), some awards, an Italian tagline and an `original_hash` on every translation,
# so that a build prints no warning; bench/catalogue/run.sh times it against Hugo.

BENCH_STRINGS = {
    lang: dict(STRINGS[lang], **extra) for lang, extra in (
        ("en", {"awards": "Awards", "award": "Award", "category": "Category", "result": "Result"}),
        ("it", {"awards": "Premi", "award": "Premio", "category": "Categoria", "result": "Esito"}),
    )
}

BENCH_SCHEMA = SCHEMA.replace(
    "      budget: {type: money}\n",
    "      budget: {type: money}\n      awards: {type: award, list: true}\n",
).replace(
    "  source:\n",
    "  award:\n"
    "    fields:\n"
    "      name: {type: text, localized: true, required: true}\n"
    "      year: {type: int, required: true}\n"
    "      category: {type: text, localized: true}\n"
    "      result: {type: text, localized: true}\n"
    "      sources: {type: source_ids}\n"
    "  source:\n",
)

AWARD_NAMES = [
    {"en": "Harbour Light Prize", "it": "Premio Luce del Porto"},
    {"en": "Golden Tramline", "it": "Binario d'oro"},
    {"en": "Velvet Lantern Award", "it": "Lanterna di velluto"},
    {"en": "Northern Meridian Prize", "it": "Premio Meridiano del nord"},
    {"en": "Salt Marsh Jury Award", "it": "Premio della giuria della Palude salata"},
]
AWARD_CATEGORIES = [
    {"en": "Best film", "it": "Miglior film"},
    {"en": "Best direction", "it": "Miglior regia"},
    {"en": "Best screenplay", "it": "Migliore sceneggiatura"},
    {"en": "Best cinematography", "it": "Migliore fotografia"},
    {"en": "Best original score", "it": "Migliore colonna sonora originale"},
    {"en": "Best ensemble", "it": "Miglior cast"},
]
AWARD_RESULTS = [{"en": "Won", "it": "Vinto"}, {"en": "Nominated", "it": "Candidatura"}]


def bench_awards(f):
    """One to three invented awards, the same on every run for the same film."""
    rng = random.Random(f"{SEED}-awards-{f['slug']}")
    awards = []
    for k in range(1 + rng.randrange(3)):
        awards.append({
            "name": AWARD_NAMES[rng.randrange(len(AWARD_NAMES))],
            "year": f["year"] + 1 + k // 2,
            "category": AWARD_CATEGORIES[rng.randrange(len(AWARD_CATEGORIES))],
            "result": AWARD_RESULTS[rng.randrange(len(AWARD_RESULTS))],
        })
    return awards


# Pools of invented phrases, English and Italian side by side. An Italian phrase that
# follows a preposition in a sentence below starts with an indefinite article.
PLACES = [
    ("a harbour town that empties every winter", "una città di porto che si svuota ogni inverno"),
    ("a tram depot at the end of the line", "un deposito dei tram al capolinea"),
    ("an observatory nobody has used for years", "un osservatorio che nessuno usa da anni"),
    ("a hotel that is always half empty", "un albergo sempre mezzo vuoto"),
    ("a greenhouse on the edge of the city", "una serra ai margini della città"),
    ("a night ferry between two islands", "un traghetto notturno tra due isole"),
    ("a bakery that never closes", "un forno che non chiude mai"),
    ("a salt marsh under a low sky", "una palude salata sotto un cielo basso"),
    ("a print shop in a narrow street", "una tipografia in una strada stretta"),
    ("a border station with one train a day", "una stazione di confine con un treno al giorno"),
    ("a lighthouse that has lost its lamp", "un faro che ha perso la sua lampada"),
    ("an archive under a town hall", "un archivio sotto un municipio"),
    ("a laundrette open all night", "una lavanderia aperta tutta la notte"),
    ("a vineyard on a steep hill", "una vigna su una collina ripida"),
]
OBJECTS = [
    ("a letter that arrives twenty years late", "una lettera che arriva con vent'anni di ritardo"),
    ("a pocket watch that runs backwards", "un orologio da tasca che va all'indietro"),
    ("a map with one street missing", "una mappa a cui manca una strada"),
    ("a ledger of debts nobody remembers", "un registro di debiti che nessuno ricorda"),
    ("a radio that only plays at night", "una radio che trasmette solo di notte"),
    ("a key to a door that no longer exists", "una chiave per una porta che non esiste più"),
    ("a photograph of a stranger", "una fotografia di uno sconosciuto"),
    ("a suitcase full of seeds", "una valigia piena di semi"),
    ("a tape of a voice nobody recognises", "un nastro con una voce che nessuno riconosce"),
    ("a borrowed coat with a ticket in its pocket", "un cappotto preso in prestito con un biglietto in tasca"),
    ("a chess game played by post", "una partita a scacchi giocata per posta"),
    ("a postcard with no stamp", "una cartolina senza francobollo"),
]
SEASONS = [
    ("in late autumn", "nel tardo autunno"),
    ("during a dry summer", "durante un'estate secca"),
    ("over one long winter", "nel corso di un lungo inverno"),
    ("in the first weeks of spring", "nelle prime settimane di primavera"),
    ("in the week before a flood", "nella settimana prima di un'alluvione"),
]
MOODS = [("patient", "paziente"), ("melancholy", "malinconico"), ("playful", "giocoso"),
         ("austere", "austero"), ("tender", "tenero"), ("restless", "inquieto"), ("dry", "asciutto")]
QUALITIES = [
    ("the pacing", "il ritmo"), ("the sound design", "il lavoro sul suono"),
    ("the use of silence", "l'uso del silenzio"), ("the camera work", "il lavoro di macchina"),
    ("the editing", "il montaggio"), ("the production design", "la scenografia"),
    ("the lighting", "la luce"), ("the score", "la colonna sonora"),
]
CITIES = ["Port Allery", "Vessamund", "Caldera Bay", "Olmsworth", "San Teodoro Vecchio", "Brisa Alta",
          "Quennell Falls", "Marrowgate", "Ostrava Nuova", "Lindhaven", "Corvale", "Pellsbury"]
FESTIVALS = ["Lanternfest", "Meridian Screen Week", "Ferry Pier Film Days", "Kestrel Valley Festival",
             "Nightjar Cinema Forum", "Tramline Film Meeting", "Salt Flats Festival", "Orchard Screenings"]

# Sentences by section: {T} is the film's title, {C} a character as a subject, {c} the
# same in mid-sentence, {P}/{P2} places, {O} an object ({Ocap} at a sentence's start), {S}
# a season, {M} a mood, {Q} a quality ({Qcap}), {D} the director, {A}/{A2} actors,
# {CITY} a city, {n} a number, {Y0} a year before the film's.
SENTENCES = {
    "synopsis": [
        ("{T} follows {c} {S}, in {P}.", "{T} segue {c} {S}, in {P}."),
        ("At the start, {c} finds {O} and cannot stop thinking about it.",
         "All'inizio, {c} trova {O} e non riesce più a smettere di pensarci."),
        ("Nothing in the story moves quickly: a scene can last {n} minutes without a single line of dialogue.",
         "Nella storia niente si muove in fretta: una scena può durare {n} minuti senza una sola battuta."),
        ("{C} is played by {A}, who spent {n} weeks preparing for the part.",
         "{C} ha il volto di {A}, che ha passato {n} settimane a preparare il ruolo."),
        ("Halfway through, the film leaves {P} for {P2}, and the light changes with it.",
         "A metà, il film lascia {P} per {P2}, e con esso cambia la luce."),
        ("The final scenes return to {O}, which by now means something else entirely.",
         "Le scene finali tornano a {O}, che ormai significa tutt'altro."),
        ("{A2} appears only twice, but both scenes stay with the audience long after the end.",
         "{A2} compare solo due volte, ma entrambe le scene restano in mente a lungo dopo la fine."),
        ("A subplot about {O} is left deliberately unresolved.",
         "Una trama secondaria su {O} resta volutamente senza soluzione."),
        ("Every evening {c} walks as far as {P} and back, and the film counts the days by these walks.",
         "Ogni sera {c} va fino a {P} e torna indietro, e il film conta i giorni attraverso queste passeggiate."),
        ("A neighbour offers help, and {c} refuses it {n} times before accepting.",
         "Un vicino offre aiuto, e {c} lo rifiuta {n} volte prima di accettarlo."),
    ],
    "production": [
        ("{D} wrote the first draft in {Y0}, long before shooting began.",
         "{D} scrisse la prima stesura nel {Y0}, molto prima dell'inizio delle riprese."),
        ("Principal photography took {n} weeks, most of them in and around {CITY}.",
         "Le riprese principali durarono {n} settimane, per lo più a {CITY} e dintorni."),
        ("The crew rebuilt {P} on a sound stage, because nothing like it could be found.",
         "La troupe ricostruì {P} in un teatro di posa, perché non si trovava niente di simile."),
        ("The budget was small, and {D} has said that no scene was shot more than {n} times.",
         "Il budget era ridotto, e {D} ha raccontato che nessuna scena fu girata più di {n} volte."),
        ("The score, written for {n} instruments, was recorded in a single afternoon.",
         "La colonna sonora, scritta per {n} strumenti, fu registrata in un solo pomeriggio."),
        ("{A} joined the cast late, replacing an actor who had left after the first rehearsals.",
         "{A} entrò nel cast tardi, al posto di un attore che se n'era andato dopo le prime prove."),
        ("Much of the dialogue was improvised, then rewritten at night for the next day.",
         "Gran parte dei dialoghi fu improvvisata, poi riscritta di notte per il giorno dopo."),
        ("The editing took longer than the shoot: {n} months in a rented room in {CITY}.",
         "Il montaggio durò più delle riprese: {n} mesi in una stanza in affitto a {CITY}."),
        ("Most of the props, including {O}, came from a flea market in {CITY}.",
         "Quasi tutti gli oggetti di scena, tra cui {O}, vennero da un mercatino delle pulci a {CITY}."),
    ],
    "reception": [
        ("Critics praised above all {Q}.", "La critica ha lodato soprattutto {Q}."),
        ("At its premiere in {CITY}, the audience applauded for {n} minutes.",
         "Alla prima a {CITY}, il pubblico applaudì per {n} minuti."),
        ("Some reviewers found the film too {M}; others thought that was the whole point.",
         "Alcuni recensori trovarono il film troppo {M}; altri pensarono che fosse proprio questo il punto."),
        ("It was shown in {n} countries over the following two years.",
         "Fu proiettato in {n} paesi nei due anni successivi."),
        ("A restored print toured small cinemas {n} years later.",
         "Una copia restaurata girò per piccoli cinema {n} anni dopo."),
        ("Its reputation has grown slowly, mostly by word of mouth.",
         "La sua fama è cresciuta lentamente, soprattutto grazie al passaparola."),
        ("The tone is {M} from beginning to end, and the film never raises its voice.",
         "Il tono è {M} dall'inizio alla fine, e il film non alza mai la voce."),
        ("A student society in {CITY} still screens it every year, always on the same night.",
         "Un circolo di studenti a {CITY} lo proietta ancora ogni anno, sempre la stessa sera."),
    ],
    "themes": [
        ("Beneath the plot, {T} is about waiting, and about what waiting does to people.",
         "Sotto la trama, {T} parla dell'attesa e di ciò che l'attesa fa alle persone."),
        ("{Ocap} works as a quiet symbol of everything the characters cannot say.",
         "{Ocap} funziona come un simbolo discreto di tutto ciò che i personaggi non riescono a dire."),
        ("The film keeps coming back to {P}, as if the place itself were a character.",
         "Il film torna continuamente in {P}, come se il luogo stesso fosse un personaggio."),
        ("Time is measured in small things: a cup of coffee, a train timetable, {O}.",
         "Il tempo si misura in piccole cose: una tazza di caffè, un orario dei treni, {O}."),
        ("{D} has called it a film about memory, though it never uses a flashback.",
         "{D} l'ha definito un film sulla memoria, anche se non usa mai un flashback."),
        ("{Qcap} turns the ordinary noises of {P} into something close to music.",
         "{Qcap} trasforma i rumori ordinari di {P} in qualcosa di simile alla musica."),
        ("In the end, the film leaves its questions open, and trusts the audience with them.",
         "Alla fine, il film lascia aperte le sue domande e le affida al pubblico."),
        ("Seen today, its {M} tone feels less like a style than like a kind of courtesy.",
         "Visto oggi, il suo tono {M} sembra meno uno stile che una forma di cortesia."),
    ],
}
HEADINGS = {
    "synopsis": ("Synopsis", "Trama"), "production": ("Production", "Produzione"),
    "screenings": ("Festival screenings", "Proiezioni nei festival"),
    "reception": ("Reception", "Accoglienza"), "themes": ("Themes", "Temi"),
}
FOOTNOTES = [
    ("An invented interview with {D}, *{PUB}*, {Y1}.", "Un'intervista inventata a {D}, *{PUB}*, {Y1}."),
    ("Figures from *{PUB}*, a publication that does not exist.", "Dati tratti da *{PUB}*, una pubblicazione che non esiste."),
    ("{A} in an imaginary radio programme, {Y1}.", "{A} in un programma radiofonico immaginario, {Y1}."),
    ("Like every other figure on this page, made up for reel's benchmark.",
     "Come ogni altra cifra di questa pagina, inventata per il benchmark di reel."),
]
TABLE_HEAD = ("| Festival | City | Date | Audience |", "| Festival | Città | Data | Spettatori |")


def lower_article(s):
    """A character's name as it reads mid-sentence: "The Archivist" → "the Archivist"."""
    for art in ("The ", "A ", "Il ", "La ", "L'", "Uno "):
        if s.startswith(art):
            return s[0].lower() + s[1:]
    return s


def capitalise(s):
    return s[0].upper() + s[1:]


def group_thousands(n, sep):
    return f"{n:,}".replace(",", sep)


def bench_body(f, other):
    """The benchmark's prose of a film, {"en": body, "it": body}: the two are translations
    of each other, made of the same sentences with the same choices, about 1,500 words
    each. Chosen by a generator seeded with the film's slug: every film reads differently."""
    rng = random.Random(f"{SEED}-prose-{f['slug']}")
    li = {"en": 0, "it": 1}
    cast = f["cast"]
    bodies = {"en": [], "it": []}
    notes = []  # footnote numbers in order of use, with their slot values
    words = 0

    def slots():
        actor, ch = cast[rng.randrange(len(cast))]
        return {
            "CH": ch, "A": actor, "A2": cast[rng.randrange(len(cast))][0],
            "P": PLACES[rng.randrange(len(PLACES))], "P2": PLACES[rng.randrange(len(PLACES))],
            "O": OBJECTS[rng.randrange(len(OBJECTS))], "S": SEASONS[rng.randrange(len(SEASONS))],
            "M": MOODS[rng.randrange(len(MOODS))], "Q": QUALITIES[rng.randrange(len(QUALITIES))],
            "CITY": CITIES[rng.randrange(len(CITIES))], "n": 2 + rng.randrange(40),
        }

    def fill(text, lang, v):
        k = li[lang]
        return text.format(
            T=f"*{f['title'][lang]}*", C=v["CH"][lang], c=lower_article(v["CH"][lang]),
            P=v["P"][k], P2=v["P2"][k], O=v["O"][k], Ocap=capitalise(v["O"][k]), S=v["S"][k],
            M=v["M"][k], Q=v["Q"][k], Qcap=capitalise(v["Q"][k]), D=f["directors"][0], A=v["A"],
            A2=v["A2"], CITY=v["CITY"], n=v["n"], Y0=f["year"] - 2 - v["n"] % 5,
        )

    def paragraph(section):
        nonlocal words
        pool = SENTENCES[section]
        chosen = [(pool[k], slots()) for k in rng.sample(range(len(pool)), 4 + rng.randrange(3))]
        note_at = rng.randrange(len(chosen)) if rng.randrange(3) == 0 else -1
        for lang in ("en", "it"):
            out = []
            for k, (pair, v) in enumerate(chosen):
                s = fill(pair[li[lang]], lang, v)
                if k == note_at:
                    if lang == "en":
                        notes.append((rng.randrange(len(FOOTNOTES)), slots()))
                    s = s[:-1] + f"[^{len(notes)}]" + s[-1]
                out.append(s)
            bodies[lang].append(" ".join(out) + "\n")
        words += sum(len(fill(p[0], "en", v).split()) for p, v in chosen)

    def heading(key):
        for lang in ("en", "it"):
            bodies[lang].append(f"## {HEADINGS[key][li[lang]]}\n")

    for key, count in (("synopsis", 5), ("production", 4)):
        heading(key)
        for _ in range(count):
            paragraph(key)
    heading("screenings")
    rows = []
    for k in range(4 + rng.randrange(4)):
        rows.append((FESTIVALS[rng.randrange(len(FESTIVALS))], CITIES[rng.randrange(len(CITIES))],
                     f"{f['year'] + k // 3}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
                     200 + rng.randrange(4800)))
    for lang, sep in (("en", ","), ("it", ".")):
        table = [TABLE_HEAD[li[lang]], "| --- | --- | --- | ---: |"]
        table += [f"| {fe} | {ci} | {d} | {group_thousands(n, sep)} |" for fe, ci, d, n in rows]
        bodies[lang].append("\n".join(table) + "\n")
    words += 4 * (len(rows) + 1)
    heading("reception")
    for _ in range(4):
        paragraph("reception")
    heading("themes")
    while words < 1450:
        paragraph("themes")
    if not notes:
        notes.append((0, slots()))
        for lang in ("en", "it"):
            bodies[lang][-1] = bodies[lang][-1][:-2] + "[^1].\n"
    out = {}
    for lang in ("en", "it"):
        t = f["title"][lang]
        if lang == "en":
            intro = (f"*{t}* is one of the invented films of this catalogue. Nobody made it; "
                     f"it exists so that reel has a page with prose to render.\n\n"
                     f"It runs for {{{{ fact('runtime_minutes', 'minutes') }}}}.\n")
            if other:
                intro += f"\nFor a film with a similar mood, [see also](@/films/{other['slug']}.md).\n"
        else:
            intro = (f"*{t}* è uno dei film inventati di questo catalogo. Nessuno l'ha girato; "
                     f"esiste perché reel abbia una pagina con del testo da mostrare.\n\n"
                     f"Dura {{{{ fact('runtime_minutes', 'minutes') }}}}.\n")
            if other:
                intro += f"\nPer un film dall'atmosfera simile, [vedi anche](@/films/{other['slug']}.md).\n"
        defs = []
        for k, (which, v) in enumerate(notes):
            text = FOOTNOTES[which][li[lang]].format(
                D=f["directors"][0], A=v["A"], PUB=PUBLISHERS[v["n"] % 2], Y1=f["year"] + 1 + v["n"] % 3)
            defs.append(f"[^{k + 1}]: {text}\n")
        out[lang] = intro + "\n" + "\n".join(bodies[lang]) + "\n" + "".join(defs)
    return out


def fnv1a_hex(data):
    h = 14695981039346656037
    for byte in data:
        h = ((h ^ byte) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def front_matter_value(text, key):
    """A top-level `key:` of generate.py's own front matter (plain or double-quoted)."""
    head = text.split("\n---\n", 1)[0]
    for line in head.split("\n"):
        if line.startswith(key + ": "):
            v = line[len(key) + 2:]
            if v.startswith('"'):
                v = v[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            return v
    return ""


def original_hash(text):
    """What `reel check` expects a translation to record of its original: a hash of the
    original's title, description and body."""
    body = text.split("\n---\n", 1)[1]
    seen = front_matter_value(text, "title") + "\n" + front_matter_value(text, "description") + "\n" + body
    return fnv1a_hex(seen.replace("\r", "").encode("utf-8"))


def with_original_hash(translation, original):
    head, body = translation.split("\n---\n", 1)
    # Quoted: a hash such as 6e20222958504859 would read as a number.
    return f"{head}\noriginal_hash: {q(original_hash(original))}\n---\n{body}"


def bench_pages():
    """pages() for the benchmark: no search pages; the list of films on one page."""
    out = {k: v for k, v in pages().items() if "search" not in k}
    for lang in ("en", "it"):
        key = f"{lang}/films/index.md"
        assert ", paginate_by: 10}" in out[key]
        out[key] = out[key].replace(", paginate_by: 10}", "}").replace(", ten to a page", "").replace(
            ", dieci per pagina", "")
    return out


def bench_templates():
    """The site's templates less the taxonomies, feeds and search (the benchmark's site has
    none), and the film page with its awards."""
    out = {k: v for k, v in T.items() if k.startswith(("layouts/", "partials/"))}
    for k in ("layouts/search.html", "layouts/taxonomy.html", "layouts/term.html"):
        del out[k]
    edits = [
        # No posters: the benchmark times pages, not image processing.
        ("layouts/film.html",
         """{% if film.poster is defined %}  <div class="poster">{{ image(film.poster, alt=tr('poster_alt', title=film.title, genre=film.genres[0], year=(film.year | string)), loading='eager') }}</div>
{% endif %}""",
         ""),
        ("partials/film_list.html",
         """{% if p.facts and p.facts.poster is defined %}{{ image(p.facts.poster, decorative=true, widths=[48, 96], sizes='48px', class='thumb') }}{% endif %}""",
         ""),
        ("layouts/base.html",
         """ · <a href="{{ 'atom.xml' | relative_url if lang == 'en' else ('it/atom.xml' | relative_url) }}" type="application/atom+xml">{{ t.feed }}</a>""",
         ""),
        ("partials/head.html",
         """<link rel="alternate" type="application/atom+xml" href="{{ 'atom.xml' | relative_url if lang == 'en' else ('it/atom.xml' | relative_url) }}" title="{{ site.title }}">\n""",
         ""),
        ("layouts/home.html",
         """ · <a href="{{ url_for('genres', lang=lang) }}">{{ t.genres }}</a> · <a href="{{ url_for('years', lang=lang) }}">{{ t.years }}</a>""",
         ""),
        ("layouts/film.html",
         """<dd><a href="{{ url_for('years', lang=lang) }}">{{ film.year }}</a></dd>""",
         """<dd>{{ film.year }}</dd>"""),
        ("layouts/film.html",
         """{% endif %}  <section aria-labelledby="sources-heading">""",
         """{% endif %}{% if film.awards is defined %}  <section aria-labelledby="awards-heading">
    <h2 id="awards-heading">{{ t.awards }}</h2>
    <table class="awards">
      <thead><tr><th scope="col">{{ t.award }}</th><th scope="col">{{ t.year }}</th><th scope="col">{{ t.category }}</th><th scope="col">{{ t.result }}</th></tr></thead>
      <tbody>
{% for a in film.awards %}        <tr><td>{{ a.name }}</td><td>{{ a.year }}</td><td>{{ a.category }}</td><td>{{ a.result }}</td></tr>
{% endfor %}      </tbody>
    </table>
  </section>
{% endif %}  <section aria-labelledby="sources-heading">"""),
    ]
    for name, old, new in edits:
        assert out[name].count(old) == 1, (name, old)
        out[name] = out[name].replace(old, new)
    return out


# ---------------------------------------------------------------- the same catalogue for Hugo
# `--hugo DIR` writes the catalogue as a site for Hugo 0.111 (Debian 12's), for
# bench/catalogue/run.sh: the same facts files (as data files), the same Markdown bodies
# (a reel `fact()` call becomes a `fact` shortcode, an `@/` link a `relref`), and
# templates that render what reel's do: the film page with its facts, prose, cast,
# awards, sources, hreflang links and language switcher; one list of every film per
# language; the home and about pages. English at the root, Italian under /it/.

HUGO_CONFIG = """\
# The catalogue for Hugo (generated by generate.py --hugo: do not edit by hand).
baseURL = "https://example.org/catalogue/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]

[languages.en]
languageName = "English"
languageCode = "en-GB"
title = "Catalogue"
weight = 1
contentDir = "content/en"

[languages.it]
languageName = "Italiano"
languageCode = "it-IT"
title = "Catalogo"
weight = 2
contentDir = "content/it"
"""

HUGO_PLURALS = {
    "en": {"minutes": ("{{ .Count }} minute", "{{ .Count }} minutes"),
           "film_count": ("{{ .Count }} film", "{{ .Count }} films")},
    "it": {"minutes": ("{{ .Count }} minuto", "{{ .Count }} minuti"),
           "film_count": ("{{ .Count }} film", "{{ .Count }} film")},
}


def hugo_i18n(lang):
    out = [f"# UI strings ({lang}), the same as site.yaml's for reel (generated by generate.py)."]
    for k, v in BENCH_STRINGS[lang].items():
        if "{" in v:
            continue  # ICU messages: the plural ones are below
        out.append(f"[{k}]\nother = {q(v)}")
    for k, (one, other) in HUGO_PLURALS[lang].items():
        # Italian has a "many" form too (un milione di film): the same as "other" here.
        many = f"\nmany = {q(other)}" if lang == "it" else ""
        out.append(f"[{k}]\none = {q(one)}{many}\nother = {q(other)}")
    return "\n".join(out) + "\n"


H = {}

H["_default/baseof.html"] = """\
<!DOCTYPE html>
<html lang="{{ .Lang }}" dir="ltr">
<head>
{{- $description := site.Title }}
{{- with .Params.film }}{{ with index site.Data.films . }}{{ with .tagline }}{{ $description = index . $.Lang | default (index . "en") }}{{ end }}{{ end }}{{ end }}
{{- with .Description }}{{ $description = . }}{{ end }}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ $description }}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ $description }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="{{ replace site.LanguageCode "-" "_" }}">
{{ range .Translations }}<meta property="og:locale:alternate" content="{{ replace .Site.LanguageCode "-" "_" }}">
{{ end }}<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end }}{{ range .AllTranslations }}{{ if eq .Lang "en" }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
{{ end }}{{ end }}<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#content">{{ i18n "skip_to_content" }}</a>
<header class="site-header">
  <p class="site-title"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
<nav class="main-menu" aria-label="{{ i18n "main_menu" }}">
  <ul>
{{ range slice "/films" "/about" }}{{ with site.GetPage . }}    <li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $.RelPermalink }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}{{ end }}  </ul>
</nav>
<nav class="language-switcher" aria-label="{{ i18n "language_switcher" }}">
  <ul>
{{ range .AllTranslations }}    <li>{{ if eq .Lang $.Lang }}<a href="{{ .RelPermalink }}" aria-current="page" lang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}" rel="alternate">{{ .Language.LanguageName }}</a>{{ end }}</li>
{{ end }}  </ul>
</nav>
</header>
<main id="content" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <p>{{ with site.GetPage "/about" }}<a href="{{ .RelPermalink }}">{{ i18n "about" }}</a>{{ end }}</p>
</footer>
</body>
</html>
"""

H["_default/single.html"] = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
"""

H["_default/list.html"] = H["_default/single.html"]

H["partials/film_list.html"] = """\
<ul class="film-list">
{{ range . }}  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.film }}{{ with index site.Data.films . }} ({{ .year }}){{ end }}{{ end }}</li>
{{ end }}</ul>
"""

H["index.html"] = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with site.GetPage "/films" }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
<section aria-labelledby="latest-heading">
  <h2 id="latest-heading">{{ i18n "latest" }}</h2>
  {{ $films := where site.RegularPages "Section" "films" }}{{ partial "film_list.html" (first 5 $films.ByDate.Reverse) }}
</section>
{{ end }}
"""

H["films/list.html"] = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<p class="count">{{ i18n "film_count" (len .Pages) }}</p>
{{ partial "film_list.html" .Pages.ByTitle }}
{{ end }}
"""

H["films/single.html"] = """\
{{ define "main" }}
{{- $f := index site.Data.films .Params.film }}{{ $lang := .Lang }}
<article class="film">
  <h1>{{ index $f.title $lang }}</h1>
{{ with $f.tagline }}  <p class="tagline">{{ index . $lang | default (index . "en") }}</p>
{{ end }}  <dl class="facts">
    <dt>{{ i18n "year" }}</dt><dd>{{ $f.year }}</dd>
{{ with $f.release_date }}    <dt>{{ i18n "released" }}</dt><dd><time datetime="{{ . }}">{{ time.Format ":date_long" . }}</time></dd>
{{ end }}{{ with $f.runtime_minutes }}    <dt>{{ i18n "runtime" }}</dt><dd>{{ i18n "minutes" . }}</dd>
{{ end }}{{ with $f.budget }}    <dt>{{ i18n "budget" }}</dt><dd>{{ lang.FormatCurrency 0 .currency .amount }}</dd>
{{ end }}    <dt>{{ i18n "directed_by" }}</dt><dd>{{ range $i, $d := $f.directors }}{{ if $i }}, {{ end }}{{ $d.name }}{{ end }}</dd>
    <dt>{{ i18n "genres" }}</dt><dd>{{ range $i, $g := $f.genres }}{{ if $i }}, {{ end }}{{ index $g $lang }}{{ end }}</dd>
  </dl>
{{ with .Content }}  <div class="prose">
{{ . }}
  </div>
{{ end }}{{ with $f.cast }}  <table class="cast">
    <caption>{{ i18n "cast" }}</caption>
    <thead><tr><th scope="col">{{ i18n "actor" }}</th><th scope="col">{{ i18n "character" }}</th></tr></thead>
    <tbody>
{{ range . }}      <tr><td>{{ .actor }}</td><td>{{ index .character $lang }}</td></tr>
{{ end }}    </tbody>
  </table>
{{ end }}{{ with $f.awards }}  <section aria-labelledby="awards-heading">
    <h2 id="awards-heading">{{ i18n "awards" }}</h2>
    <table class="awards">
      <thead><tr><th scope="col">{{ i18n "award" }}</th><th scope="col">{{ i18n "year" }}</th><th scope="col">{{ i18n "category" }}</th><th scope="col">{{ i18n "result" }}</th></tr></thead>
      <tbody>
{{ range . }}        <tr><td>{{ index .name $lang }}</td><td>{{ .year }}</td><td>{{ index .category $lang }}</td><td>{{ index .result $lang }}</td></tr>
{{ end }}      </tbody>
    </table>
  </section>
{{ end }}  <section aria-labelledby="sources-heading">
    <h2 id="sources-heading">{{ i18n "sources" }}</h2>
    <ol>
{{ range $f.sources }}      <li id="source-{{ .id }}">{{ .title }}{{ with .publisher }}, {{ . }}{{ end }}</li>
{{ end }}    </ol>
  </section>
</article>
{{ end }}
"""

# reel's fact('runtime_minutes', 'minutes'): the value, formatted, with a citation of
# the film's first source.
H["shortcodes/fact.html"] = (
    """{{- $f := index site.Data.films .Page.Params.film }}{{ $v := index $f (.Get 0) }}{{ $s := index $f.sources 0 -}}\n"""
    """<data value="{{ $v }}">{{ i18n (.Get 1) $v }}</data><sup class="cite">[<a href="#source-{{ $s.id }}" """
    """aria-label="1: {{ $s.publisher }}, {{ $s.title }}">1</a>]</sup>{{- /* no newline after it */ -}}\n"""
)


def hugo_body(body):
    """A reel Markdown body as Hugo reads it: fact() as a shortcode, @/ links as relref."""
    body = re.sub(r"\{\{ fact\('([a-z_]+)', '([a-z_]+)'\) \}\}", r'{{< fact "\1" "\2" >}}', body)

    def link(m):
        target = m.group(1)
        target = "/" + (target[: -len("/index")] if target.endswith("/index") else target + ".md")
        return f'({{{{< relref "{target}" >}}}})'
    return re.sub(r"\(@/([^)]+)\.md\)", link, body)


def hugo_front(title, extra=()):
    return "---\n" + f"title: {q(title)}\n" + "".join(f"{k}: {v}\n" for k, v in extra) + "---\n"


def write_hugo(out, films, prose_files, page_files):
    """Writes the Hugo twin of the catalogue into `out`. prose_files and page_files are
    reel's Markdown files (relative path under content/ → text)."""
    for sub in ("content", "data", "layouts", "i18n", "static", "public", "resources"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    write(os.path.join(out, "hugo.toml"), HUGO_CONFIG)
    for lang in ("en", "it"):
        write(os.path.join(out, f"i18n/{lang}.toml"), hugo_i18n(lang))
    for rel, text in H.items():
        write(os.path.join(out, "layouts", rel), text)
    write(os.path.join(out, "static/style.css"), STYLE)
    for f in films:
        write(os.path.join(out, f"data/films/{f['slug']}.yaml"), facts_yaml(f))
        for lang in ("en", "it"):
            text = prose_files.get(f"{lang}/films/{f['slug']}.md")
            body = hugo_body(text.split("\n---\n", 1)[1]) if text else ""
            title = front_matter_value(text, "title") if text else f["title"][lang]
            write(os.path.join(out, f"content/{lang}/films/{f['slug']}.md"),
                  hugo_front(title, (("film", f["slug"]), ("date", f["release_date"]))) + body)
    for rel, text in page_files.items():
        lang, rest = rel.split("/", 1)
        if rest.startswith("search"):
            continue
        target = {"index.md": "_index.md", "films/index.md": "films/_index.md"}.get(rest, rest)
        front = [("description", q(front_matter_value(text, "description")))]
        write(os.path.join(out, "content", lang, target),
              hugo_front(front_matter_value(text, "title"), front) + hugo_body(text.split("\n---\n", 1)[1]))


# ---------------------------------------------------------------- posters
# Each film's poster: a 400 × 600 PNG drawn with the standard library (zlib and struct),
# flat shapes in the film's colours (a sky, a sun, a horizon, a title band), so that each
# file is a few kilobytes and the same film always gets the same bytes.
POSTER_W, POSTER_H = 400, 600
PALETTES = [
    ((29, 53, 87), (230, 57, 70), (241, 250, 238), (69, 123, 157)),
    ((38, 70, 83), (233, 196, 106), (244, 162, 97), (42, 157, 143)),
    ((61, 64, 91), (242, 204, 143), (224, 122, 95), (129, 178, 154)),
    ((20, 33, 61), (252, 163, 17), (229, 229, 229), (63, 55, 201)),
    ((51, 65, 85), (250, 204, 21), (148, 163, 184), (14, 116, 144)),
    ((74, 20, 140), (255, 183, 3), (255, 255, 255), (123, 44, 191)),
]


def png(width, height, rows):
    """A truecolour PNG (PNG specification, ISO/IEC 15948) from `rows`: bytes of RGB."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def poster_png(f):
    sky, sun, band, ground = PALETTES[f["index"] % len(PALETTES)]
    i = f["index"]
    cx, cy, r = 80 + (i * 53) % 240, 150 + (i * 37) % 120, 50 + (i * 29) % 50
    horizon = 330 + (i * 17) % 80
    rows = []
    for y in range(POSTER_H):
        base = bytes(sky if y < horizon else ground)
        row = bytearray(base * POSTER_W)
        if abs(y - cy) < r:
            half = int(math.sqrt(r * r - (y - cy) ** 2))
            x0, x1 = max(0, cx - half), min(POSTER_W, cx + half)
            row[3 * x0:3 * x1] = bytes(sun) * (x1 - x0)
        if 470 <= y < 530:
            row[3 * 30:3 * (POSTER_W - 30)] = bytes(band) * (POSTER_W - 60)
        rows.append(bytes(row))
    return png(POSTER_W, POSTER_H, rows)


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--films", type=int, default=24)
    ap.add_argument("--out", default=os.path.join(HERE, "site"))
    ap.add_argument("--bench", action="store_true",
                    help="the benchmark's catalogue: long prose and awards for every film, no warnings")
    ap.add_argument("--hugo", metavar="DIR", help="also write the same catalogue as a Hugo site into DIR")
    args = ap.parse_args()
    out = args.out
    for sub in ("content", "templates", "static"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    films = make_films(args.films)
    if args.bench:
        for f in films:
            f["it_tagline"] = True
            f["awards"] = bench_awards(f)
    else:
        for f in films:
            f["poster"] = f"posters/{f['slug']}.png"
            write_bytes(os.path.join(out, "content", f["poster"]), poster_png(f))
    write(os.path.join(out, "site.yaml"), site_yaml(bench=args.bench))
    write(os.path.join(out, "content/films/_schema.yaml"), BENCH_SCHEMA if args.bench else SCHEMA)
    for f in films:
        write(os.path.join(out, f"content/films/{f['slug']}.yaml"), facts_yaml(f))
    prose_files = {}
    for f in films:
        if args.bench:
            # Every film links to the next one.
            other = films[(f["index"] + 1) % len(films)] if len(films) > 1 else None
            bodies = bench_body(f, other)
            en = f"---\ntitle: {q(f['title']['en'])}\n---\n\n{bodies['en']}"
            it = f"---\ntitle: {q(f['title']['it'])}\n---\n\n{bodies['it']}"
            prose_files[f"en/films/{f['slug']}.md"] = en
            prose_files[f"it/films/{f['slug']}.md"] = with_original_hash(it, en)
        elif f["index"] % 3 == 0:
            # Every other prose film links to the next film in the list.
            other = films[(f["index"] + 1) % len(films)] if f["index"] % 6 == 0 and len(films) > 1 else None
            for lang in ("en", "it"):
                prose_files[f"{lang}/films/{f['slug']}.md"] = prose(f, lang, other)
    for rel, text in prose_files.items():
        write(os.path.join(out, "content", rel), text)
    page_files = bench_pages() if args.bench else pages()
    if args.bench:
        for rel in list(page_files):
            if rel.startswith("it/"):
                page_files[rel] = with_original_hash(page_files[rel], page_files["en/" + rel[3:]])
    for rel, text in page_files.items():
        write(os.path.join(out, "content", rel), text)
    for rel, text in (bench_templates() if args.bench else T).items():
        write(os.path.join(out, "templates", rel), text)
    write(os.path.join(out, "static/style.css"), STYLE)
    if not args.bench:
        write(os.path.join(out, "static/search.js"), SEARCH_JS)
    if args.hugo:
        write_hugo(args.hugo, films, prose_files, page_files)


if __name__ == "__main__":
    main()

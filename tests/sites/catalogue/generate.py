#!/usr/bin/env python3
"""Writes the catalogue test site: a synthetic, clearly fictional film catalogue in
English and Italian that exercises reel's collections, lists, pagination, taxonomies,
menus, outputs, get_page/url_for, `@/` links and the link checker.

    python3 generate.py [--films N] [--out DIR]

Deterministic: the same arguments always write the same bytes (fixed seed, no clock).
Every title, person, figure and sentence below is invented.
"""
import argparse
import os
import random
import shutil

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
            (ae, ai), (be, bi) = combos[ci]
            ci += 1
            title = {"en": f"{ae} {be}", "it": f"{bi} {ai.lower()}" if not ai.startswith("Il") else f"{ai} {bi.lower()}"}
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
    lines += [
        "budget:",
        f"  amount: {f['budget']}",
        f"  currency: {f['currency']}",
        "  sources: [ledger]",
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
        "term_description": "I film inventati di questo catalogo di prova che ricadono in {taxonomy}: {term}.",
        "taxonomy_description": "{taxonomy} dei film inventati di questo catalogo di prova, ciascuno con i suoi film.",
    },
}


def site_yaml():
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
        for k, v in STRINGS[code].items():
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
  <li><a href="{{ p.url }}">{{ p.title }}</a>{% if p.facts and p.facts.year is defined %} ({{ p.facts.year }}){% endif %}</li>
{% endfor %}
</ul>
"""

T["layouts/film.html"] = """\
{% extends "layouts/base.html" %}
{% block main %}
<article class="film">
  <h1>{{ film.title }}</h1>
{% if film.tagline is defined %}  <p class="tagline">{{ film.tagline }}</p>
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


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--films", type=int, default=24)
    ap.add_argument("--out", default=os.path.join(HERE, "site"))
    args = ap.parse_args()
    out = args.out
    for sub in ("content", "templates", "static"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    films = make_films(args.films)
    write(os.path.join(out, "site.yaml"), site_yaml())
    write(os.path.join(out, "content/films/_schema.yaml"), SCHEMA)
    for f in films:
        write(os.path.join(out, f"content/films/{f['slug']}.yaml"), facts_yaml(f))
    for f in films:
        if f["index"] % 3 == 0:
            # Every other prose film links to the next film in the list.
            other = films[(f["index"] + 1) % len(films)] if f["index"] % 6 == 0 and len(films) > 1 else None
            for lang in ("en", "it"):
                write(os.path.join(out, f"content/{lang}/films/{f['slug']}.md"), prose(f, lang, other))
    for rel, text in pages().items():
        write(os.path.join(out, "content", rel), text)
    for rel, text in T.items():
        write(os.path.join(out, "templates", rel), text)
    write(os.path.join(out, "static/style.css"), STYLE)
    write(os.path.join(out, "static/search.js"), SEARCH_JS)


if __name__ == "__main__":
    main()

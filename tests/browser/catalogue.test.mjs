// The catalogue test site (tests/sites/catalogue/site) in a real browser: builds it with
// the real `reel` binary, serves it on loopback under its base path (/catalogue/) and
// opens it in Debian's headless Chromium (playwright-core). Checks, on a fixed
// representative set of pages in English and Italian (home, the film list's three
// pages, three films, the taxonomy indexes, two term pages, search, about, 404): no
// console errors or failed requests, no axe-core violations (WCAG 2.1 A/AA and best
// practices) in light and dark, a language switcher that leads to the same page in
// the other language, and a skip link that is the first Tab stop and moves focus to
// <main>. On every page of the site: valid HTML (the W3C Nu checker, vnu-jar) and no
// broken link (every internal href/src, canonical and hreflang answers 200 and every
// #fragment names an id). And search works: typing a title word into the labelled box
// narrows the results to the right films, the live status announces the count in the
// page's language, results are reachable by Tab, and without JavaScript the page still
// lists every film. Images (image() and its posters): every <img> of every page has a
// width, a height and alternative text (alt="" only for a thumbnail beside the link
// that names its film), and the <picture>s load; on a 390 px phone the browser picks the
// smallest poster file, on a desktop the larger one, without any layout shift; and
// Lighthouse (tests/js) scores performance 100 on a film page and a list page.
//
// Run: REEL_BINARY=build/reel node --test tests/browser/catalogue.test.mjs (CTest does this).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const source = path.join(repo, 'tests/sites/catalogue/site');
const require = createRequire(path.join(repo, 'tests/js/package.json'));
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require('vnu-jar');

const reel = process.env.REEL_BINARY || path.join(repo, 'build/reel');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Flags that keep Chromium off the network and quiet on a machine without one.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

// The site's base_url (site.yaml): permalinks (canonical, hreflang) point there.
const BASE_URL = 'https://example.org/catalogue/';
const BASE_PATH = '/catalogue/';

// The representative pages, as paths below the base path; the Italian ones are found
// through each English page's hreflang="it" alternate.
const SAMPLE_EN = [
  '', 'films/', 'films/page/2/', 'films/page/3/',
  'films/amber-aviary/',          // with prose, fact() and an @/ link
  'films/crooked-staircase/',     // no Italian tagline: the Italian page falls back
  'films/etude-for-two-clocks/',  // an accented title
  'genres/', 'directors/', 'years/',
  'genres/drama/', 'genres/city-symphony/',  // terms: a paginated one, an accented Italian one
  'search/', 'about/',
];

let tmp, site, server, browser, files, sample, vnuResult;

/** The site-relative path of a URL of the local server or of the production base URL. */
function relOf(url) {
  for (const prefix of [server.url, BASE_URL]) if (url.startsWith(prefix)) return url.slice(prefix.length);
  return null;
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reel-catalogue-'));
  site = path.join(tmp, 'site');
  execFileSync(reel, ['build', '--allow-outside', '--source', source, '--output', site], { stdio: 'pipe' });
  files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(path.relative(site, p).split(path.sep).join('/'));
    }
  };
  walk(site);
  files.sort();
  // The Nu checker runs beside the browser tests; its test awaits the result.
  vnuResult = new Promise((resolve) => {
    const html = files.filter((f) => f.endsWith('.html')).map((f) => path.join(site, f));
    const java = spawn('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...html], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    java.stdout.on('data', (d) => { out += d; });
    java.stderr.on('data', (d) => { err += d; });
    java.on('close', (code) => resolve({ code, out: err.trim() || out }));
  });
  server = await serve(site, BASE_PATH);
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  // Each English sample page and its Italian twin (from its hreflang alternate), then the 404 page.
  sample = [];
  for (const rel of SAMPLE_EN) {
    const html = fs.readFileSync(path.join(site, rel, 'index.html'), 'utf8');
    const it = html.match(/<link rel="alternate" hreflang="it" href="([^"]+)">/);
    assert.ok(it, `${rel}: an Italian alternate`);
    sample.push(rel, relOf(it[1]));
  }
  sample.push('404.html');
});

after(async () => {
  await browser?.close();
  await server?.close();
  await vnuResult;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Records console errors, page errors and failed requests of `page` into problems[]. */
function watch(page, problems, isExpected404 = () => false) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400 && !isExpected404(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
}

/** Opens `rel` in a fresh context, recording problems. */
async function open(rel, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  await page.goto(server.url + rel, { waitUntil: 'load' });
  return { context, page, problems };
}

test('the sample pages load with no console error or failed request, and axe finds nothing in light and dark', async () => {
  assert.ok(files.length > 100, `expected the catalogue's files, found ${files.length}`);
  assert.equal(sample.length, SAMPLE_EN.length * 2 + 1);
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    let current = '';
    const problems = [];
    watch(page, problems, (url) => current === '404.html' && url === server.url + '404.html');
    for (const rel of sample) {
      current = rel;
      problems.length = 0;
      await page.goto(server.url + rel, { waitUntil: 'load' });
      if (rel.endsWith('search/')) await page.waitForFunction(() => document.getElementById('search-status')?.dataset.ready === 'true');
      found.push(...problems.map((p) => `${rel} (${colorScheme}): ${p}`));
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      }));
      found.push(...result.violations.map((v) => `${rel} (${colorScheme}): ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
    }
    await context.close();
  }
  assert.deepEqual(found, []);
});

test('the language switcher leads to the same page in the other language, and back', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (let i = 0; i < SAMPLE_EN.length * 2; i += 2) {
    const [en, it] = [sample[i], sample[i + 1]];
    await page.goto(server.url + en);
    assert.equal(await page.getAttribute('html', 'lang'), 'en', en);
    await page.click('nav.language-switcher a[hreflang="it"]');
    await page.waitForURL(server.url + it);
    assert.equal(await page.getAttribute('html', 'lang'), 'it', it);
    // The current language is marked, and the other one leads back.
    assert.equal(await page.getAttribute('nav.language-switcher a[aria-current="page"]', 'hreflang') ??
      await page.getAttribute('nav.language-switcher a[aria-current="page"]', 'lang'), 'it', it);
    await page.click('nav.language-switcher a[hreflang="en"]');
    await page.waitForURL(server.url + en);
  }
  await context.close();
});

test('the keyboard reaches the skip link first, and it moves focus to main', async () => {
  for (const rel of ['', 'it/', 'films/amber-aviary/', 'it/search/']) {
    const { context, page } = await open(rel);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ cls: document.activeElement.className, href: document.activeElement.getAttribute('href') }));
    assert.deepEqual(first, { cls: 'skip-link', href: '#content' }, `${rel}: the first Tab stop is the skip link`);
    assert.ok(await page.isVisible('.skip-link'), `${rel}: the skip link shows when focused`);
    const box = await page.locator('.skip-link').boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0, `${rel}: the focused skip link is on screen`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.tagName + '#' + document.activeElement.id), 'MAIN#content', rel);
    // The next Tab goes on from inside main, not back to the header.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement.closest('main')), `${rel}: Tab after the skip link stays in main`);
    await context.close();
  }
});

test('no broken link: every internal href and src of every page answers 200, every #fragment has its id', async () => {
  const htmlFiles = files.filter((f) => f.endsWith('.html'));
  const status = new Map();
  const ids = new Map();
  const idsOf = (rel) => {
    const file = rel.endsWith('/') || rel === '' ? rel + 'index.html' : rel;
    if (!ids.has(file)) {
      const html = fs.existsSync(path.join(site, file)) ? fs.readFileSync(path.join(site, file), 'utf8') : '';
      ids.set(file, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
    }
    return ids.get(file);
  };
  const broken = [];
  let checked = 0;
  for (const file of htmlFiles) {
    const pageUrl = server.url + file.replace(/(^|\/)index\.html$/, '$1');
    const html = fs.readFileSync(path.join(site, file), 'utf8');
    const refs = [...html.matchAll(/<(a|link|img|script|source|iframe)\b[^>]*?\s(href|src)="([^"]*)"/g)].map((m) => m[3]);
    assert.ok(refs.length >= 2, `${file}: links found`);
    for (const ref of refs) {
      const url = new URL(ref.replace(/&amp;/g, '&'), pageUrl);
      const rel = relOf(url.href.split('#')[0]);
      if (rel === null) {
        // Outside the site: only other hosts may be named (sources, the production base URL's siblings).
        if (url.host === new URL(server.url).host) broken.push(`${file}: ${ref} is outside the base path`);
        continue;
      }
      checked++;
      if (!status.has(rel)) status.set(rel, (await fetch(server.url + rel)).status);
      if (status.get(rel) !== 200) broken.push(`${file}: ${ref} answers ${status.get(rel)}`);
      else if (url.hash && !idsOf(rel).has(decodeURIComponent(url.hash.slice(1)))) broken.push(`${file}: ${ref} names no id on its page`);
    }
  }
  assert.ok(checked > 1000, `${checked} internal links checked`);
  assert.deepEqual(broken, []);
});

/** The film entries of a language's search.json. */
function filmsOf(lang) {
  const all = JSON.parse(fs.readFileSync(path.join(site, lang === 'en' ? '' : `${lang}/`, 'search.json'), 'utf8'));
  return all.filter((e) => /\/films\/[^/]+\/$/.test(e.url) && !e.url.includes('/page/'));
}

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

for (const { lang, rel, label, word, film, unrelated, count } of [
  { lang: 'en', rel: 'search/', label: 'Search films by title', word: 'Aviary', film: 'Paper Aviary', unrelated: 'Òrbita',
    count: (n) => (n === 1 ? '1 film' : `${n} films`) },
  { lang: 'it', rel: 'it/search/', label: 'Cerca i film per titolo', word: 'voliera', film: 'Voliera di carta', unrelated: 'Òrbita',
    count: (n) => `${n} film` },
  // Accents and case are folded: "etude" finds "Étude…".
  { lang: 'en', rel: 'search/', label: 'Search films by title', word: 'etude', film: 'Étude for Two Clocks', unrelated: 'Paper Aviary',
    count: (n) => (n === 1 ? '1 film' : `${n} films`) },
]) {
  test(`search works on /${rel}: typing "${word}" lists ${film}, announces the count in ${lang}, results reachable by Tab`, async () => {
    const { context, page, problems } = await open(rel);
    const films = filmsOf(lang);
    assert.equal(films.length, 24);
    const expected = films.filter((e) => fold(e.title).includes(fold(word))).map((e) => e.title);
    assert.ok(expected.includes(film) && !expected.includes(unrelated), `${word} picks ${film}`);
    const status = page.locator('[role="status"]');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    await page.waitForFunction(() => document.getElementById('search-status')?.dataset.ready === 'true');
    assert.equal((await status.textContent()).trim(), count(24));
    // The box is found by its label, focused from the keyboard and typed into.
    const box = page.getByRole('searchbox', { name: label });
    assert.equal(await box.count(), 1, `a searchbox labelled "${label}"`);
    await box.focus();
    await page.keyboard.type(word, { delay: 20 });
    await page.waitForFunction((n) => document.querySelectorAll('#search-results a').length === n, expected.length);
    const shown = await page.$$eval('#search-results a', (as) => as.map((a) => a.textContent));
    assert.deepEqual([...shown].sort(), [...expected].sort(), `${rel}: the results for "${word}"`);
    assert.ok(shown.includes(film) && !shown.includes(unrelated));
    assert.equal((await status.textContent()).trim(), count(expected.length), `${rel}: the status announces the count`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    // Every result link is a Tab stop after the box, and leads to its film.
    const reached = new Set();
    for (let i = 0; i < 40 && reached.size < shown.length; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => (document.activeElement.closest('#search-results') ? document.activeElement.textContent : null));
      if (at !== null) reached.add(at);
    }
    assert.equal(reached.size, shown.length, `${rel}: Tab reaches every result (${[...reached].join(', ')})`);
    const href = await page.getAttribute(`#search-results a:text-is("${film}")`, 'href');
    assert.equal(href, films.find((e) => e.title === film).url);
    // Clearing the box lists every film again.
    await box.fill('');
    await page.waitForFunction(() => document.querySelectorAll('#search-results a').length === 24);
    assert.deepEqual(problems, [], problems.join('; '));
    await context.close();
  });
}

test('without JavaScript the search pages still list every film', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [lang, rel] of [['en', 'search/'], ['it', 'it/search/']]) {
    await page.goto(server.url + rel);
    const listed = await page.$$eval('#search-results a', (as) => as.map((a) => ({ title: a.textContent, url: a.getAttribute('href') })));
    const films = filmsOf(lang).map((e) => ({ title: e.title, url: e.url }));
    const byUrl = (a, b) => (a.url < b.url ? -1 : 1);
    assert.deepEqual([...listed].sort(byUrl), [...films].sort(byUrl), `${rel}: every film`);
    // In the language's alphabetical order, as the film list: accented titles among the others.
    const collator = new Intl.Collator(lang);
    const titles = listed.map((f) => f.title);
    assert.deepEqual(titles, [...titles].sort(collator.compare), `${rel}: sorted by title`);
  }
  await context.close();
});

test('every page passes the W3C Nu HTML checker', async () => {
  const { out } = await vnuResult;
  const messages = out.trim() ? JSON.parse(out).messages : [];
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => `${m.url ? path.relative(site, fileURLToPath(m.url)) : ''}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(errors, []);
});

// ---------------------------------------------------------------- images
/** Every <img> tag of `html`, as a map of its attributes. */
function imgTags(html) {
  return [...html.matchAll(/<img\b([^>]*)>(?:<\/picture>(<a href="[^"]+">[^<]+<\/a>))?/g)].map((m) => {
    // A decorative thumbnail: alt="" is right when a link naming the same film follows it.
    const attrs = { thumbOfLink: !!m[2] };
    for (const a of m[1].matchAll(/\s([a-z-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] ?? '';
    return attrs;
  });
}

test('every <img> of every page has a width, a height and alternative text', () => {
  const bad = [];
  let seen = 0;
  let lazy = 0;
  for (const file of files.filter((f) => f.endsWith('.html'))) {
    for (const img of imgTags(fs.readFileSync(path.join(site, file), 'utf8'))) {
      seen++;
      if (img.loading === 'lazy') lazy++;
      if (!/^[1-9]\d*$/.test(img.width ?? '') || !/^[1-9]\d*$/.test(img.height ?? '')) bad.push(`${file}: ${img.src} has no width and height`);
      if (!('alt' in img)) bad.push(`${file}: ${img.src} has no alt`);
      else if (img.alt.trim() === '' && !img.thumbOfLink) bad.push(`${file}: ${img.src} has an empty alt but is not a thumbnail beside its link`);
    }
  }
  // 48 film pages show a poster; lists, terms, home and search show thumbnails.
  assert.ok(seen > 200, `${seen} images seen`);
  assert.ok(lazy > 150, `${lazy} lazy images`);
  assert.deepEqual(bad, []);
});

/** The poster of a film page at `viewport` × `deviceScaleFactor`: what the browser chose and how it laid it out. */
async function poster(rel, viewport, deviceScaleFactor = 1) {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  // Layout shifts from the very start (buffered), as Lighthouse's CLS counts them.
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(server.url + rel, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('.poster img')?.complete);
  const result = await page.evaluate(() => {
    const img = document.querySelector('.poster img');
    const box = img.getBoundingClientRect();
    const sources = [...img.closest('picture').querySelectorAll('source')].map((s) => s.srcset);
    const images = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'img');
    return {
      currentSrc: img.currentSrc, naturalWidth: img.naturalWidth, width: img.width, height: img.height,
      attrWidth: +img.getAttribute('width'), attrHeight: +img.getAttribute('height'), box: { w: box.width, h: box.height },
      avif: sources[0], shift: window.__shift,
      imageBytes: images.reduce((n, e) => n + e.encodedBodySize, 0), imageCount: images.length,
    };
  });
  await context.close();
  return { ...result, problems };
}

for (const rel of ['films/amber-aviary/', 'it/films/amber-aviary/', 'films/etude-for-two-clocks/']) {
  test(`/${rel}: on a 390 px phone the browser picks the smallest poster, on a desktop the larger, with no layout shift`, async () => {
    const phone = await poster(rel, { width: 390, height: 844 });
    assert.deepEqual(phone.problems, []);
    // The srcset offers 200w and 400w; sizes says 50vw (195 px) on a phone.
    const smallest = phone.avif.split(', ')[0].split(' ')[0];
    assert.match(smallest, /\.200\.avif$/);
    assert.equal(new URL(phone.currentSrc).pathname, smallest, 'the phone loads the 200 px AVIF');
    assert.ok(Math.abs(phone.box.w - 195) < 1, `shown 50vw wide: ${phone.box.w}`);
    // The width and height attributes give the box its shape before the file arrives.
    assert.ok(Math.abs(phone.box.h / phone.box.w - phone.attrHeight / phone.attrWidth) < 0.01, 'the aspect ratio of width/height');
    assert.equal(phone.shift, 0, 'no layout shift');
    // Every image the phone loaded (the poster; thumbnails are on lists) is small.
    assert.ok(phone.imageBytes < 20000, `${phone.imageBytes} bytes of images`);

    const desktop = await poster(rel, { width: 1280, height: 800 });
    assert.deepEqual(desktop.problems, []);
    assert.match(desktop.currentSrc, /\.400\.avif$/, 'a 240 px slot at 1280 px picks the 400 px file');
    assert.ok(Math.abs(desktop.box.w - 240) < 1, `shown 240 px wide: ${desktop.box.w}`);
    assert.equal(desktop.shift, 0, 'no layout shift');

    // A phone with a 2× screen needs 390 device pixels: the 400 px file.
    const retina = await poster(rel, { width: 390, height: 844 }, 2);
    assert.match(retina.currentSrc, /\.400\.avif$/);
  });
}

test('list pages show lazy thumbnails that load as 48 px files on a phone, with no layout shift', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shift += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(server.url + 'films/', { waitUntil: 'load' });
  await page.waitForFunction(() => [...document.querySelectorAll('img.thumb')].every((i) => i.complete));
  const thumbs = await page.evaluate(() => [...document.querySelectorAll('img.thumb')]
    .map((i) => ({ src: i.currentSrc, loading: i.loading, w: i.getBoundingClientRect().width, shift: window.__shift })));
  assert.equal(thumbs.length, 10);
  for (const t of thumbs) {
    assert.match(t.src, /\.48\.avif$/);
    assert.equal(t.loading, 'lazy');
    assert.equal(t.w, 48);
  }
  assert.equal(thumbs[0].shift, 0);
  assert.deepEqual(problems, []);
  await context.close();
});

const lighthouse = require.resolve('lighthouse');
test('Lighthouse performance score is 100 on a film page and a list page', async () => {
  const { default: run } = await import(lighthouse);
  const port = 9300 + Math.floor(Math.random() * 500);
  const chrome = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, `--remote-debugging-port=${port}`] });
  try {
    for (const rel of ['films/amber-aviary/', 'films/']) {
      const result = await run(server.url + rel, { port, onlyCategories: ['performance'], output: 'json', logLevel: 'error' });
      assert.equal(Math.round(result.lhr.categories.performance.score * 100), 100, rel);
    }
  } finally {
    await chrome.close();
  }
});

// The flagship site in a real browser: builds it with the real `reel` binary, serves it
// on loopback and opens every page in Debian's headless Chromium (playwright-core).
// Checks what readers and search engines meet: no console errors or failed requests,
// no axe-core violations (WCAG 2.1 A/AA and best practices), a language switcher that
// leads to the same page in the other language and back, keyboard access to the skip
// link and to every citation, charts with accessible names, a complete JSON-LD Movie,
// and valid HTML (the W3C Nu checker, vnu-jar). Takes screenshots of the English and
// Italian pages on a phone and a desktop (into REEL_SCREENSHOTS, or docs/screenshots
// when REEL_UPDATE_SCREENSHOTS=1).
//
// Run: REEL_BINARY=build/reel node --test tests/browser/site.test.mjs (CTest does this).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const require = createRequire(path.join(repo, 'tests/js/package.json'));
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require('vnu-jar');

const reel = process.env.REEL_BINARY || path.join(repo, 'build/reel');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Flags that keep Chromium off the network and quiet on a machine without one.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

let tmp, site, server, browser, pages;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reel-browser-'));
  site = path.join(tmp, 'site');
  execFileSync(reel, ['build', '--allow-outside', '--source', repo, '--output', site], { stdio: 'pipe' });
  pages = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) pages.push(path.relative(site, p).split(path.sep).join('/'));
    }
  };
  walk(site);
  pages.sort();
  server = await serve(site);
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The URL path of a built file: "it/index.html" → "it/", "404.html" → "404.html". */
const urlOf = (rel) => server.url + rel.replace(/(^|\/)index\.html$/, '$1');

/** Opens `rel` in a fresh page, recording console errors, page errors and failed requests. */
async function open(rel, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    const isThePage404 = rel === '404.html' && r.url() === urlOf(rel);
    if (r.status() >= 400 && !isThePage404) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(urlOf(rel), { waitUntil: 'load' });
  return { context, page, problems };
}

test('every page loads with no console error and no failed request', async () => {
  assert.ok(pages.length >= 5, `expected the flagship's pages, found ${pages.join(', ')}`);
  for (const rel of pages) {
    const { context, problems } = await open(rel);
    assert.deepEqual(problems, [], `${rel}: ${problems.join('; ')}`);
    await context.close();
  }
});

test('axe-core finds no violation of WCAG 2.1 A/AA or best practices, in light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const rel of pages) {
      const { context, page } = await open(rel, { colorScheme });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      }));
      const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(found, [], `${rel} (${colorScheme}): ${found.join('; ')}`);
      await context.close();
    }
  }
});

test('the language switcher leads to the same page in the other language, and back', async () => {
  const { context, page } = await open('index.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const englishTitle = await page.title();
  await page.click('nav.language-switcher a[hreflang="it"]');
  await page.waitForURL(server.url + 'it/');
  assert.equal(await page.getAttribute('html', 'lang'), 'it');
  assert.notEqual(await page.title(), englishTitle);
  // The about page too: each switcher link is the same page's translation.
  await page.goto(urlOf('it/about/index.html'));
  await page.click('nav.language-switcher a[hreflang="en"]');
  await page.waitForURL(server.url + 'about/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('nav.language-switcher a[hreflang="it"]');
  await page.waitForURL(server.url + 'it/about/');
  await context.close();
});

test('the keyboard reaches the skip link first, then every citation', async () => {
  for (const rel of ['index.html', 'it/index.html']) {
    const { context, page } = await open(rel);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ cls: document.activeElement.className, href: document.activeElement.getAttribute('href') }));
    assert.deepEqual(first, { cls: 'skip-link', href: '#content' }, `${rel}: the first Tab stop is the skip link`);
    assert.ok(await page.isVisible('.skip-link'), `${rel}: the skip link shows when focused`);
    const citations = await page.$$eval('sup.cite a', (as) => as.length);
    const focusable = await page.$$eval('a[href], button, summary, [tabindex]:not([tabindex="-1"])', (es) => es.length);
    assert.ok(citations > 20, `${rel}: the page cites its sources (${citations} citation links)`);
    // A keyboard user opens each collapsed section (a <details>) with Enter on its summary.
    const reached = new Set();
    for (let i = 0; i < focusable + 10; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const el = document.activeElement;
        if (el.tagName === 'SUMMARY') return { summary: !el.parentElement.open };
        if (!el.closest('sup.cite')) return {};
        return { citation: [...document.querySelectorAll('sup.cite a')].indexOf(el) };
      });
      if (at.summary) await page.keyboard.press('Enter');
      if (at.citation !== undefined) reached.add(at.citation);
    }
    assert.equal(reached.size, citations, `${rel}: Tab reaches every citation (${reached.size} of ${citations})`);
    await context.close();
  }
});

test('charts are images with an accessible name and description, with their numbers in a table', async () => {
  for (const rel of ['index.html', 'it/index.html']) {
    const { context, page } = await open(rel);
    const charts = await page.$$eval('figure.chart svg', (svgs) => svgs.map((svg) => {
      const text = (ids) => (ids || '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent.trim() || '').join(' ');
      const table = svg.closest('figure').nextElementSibling?.querySelector('table');
      return { role: svg.getAttribute('role'), name: text(svg.getAttribute('aria-labelledby')), rows: table ? table.tBodies[0].rows.length : 0 };
    }));
    assert.ok(charts.length >= 2, `${rel}: a box-office chart and a ratings chart`);
    for (const c of charts) {
      assert.equal(c.role, 'img');
      assert.ok(c.name.length > 20, `${rel}: chart named "${c.name}"`);
      assert.ok(c.rows >= 2, `${rel}: the chart's numbers are in a table beside it`);
    }
    await context.close();
  }
});

test('the JSON-LD Movie parses and holds what search engines look for', async () => {
  for (const [rel, lang] of [['index.html', 'en'], ['it/index.html', 'it']]) {
    const { context, page } = await open(rel);
    const blocks = await page.$$eval('script[type="application/ld+json"]', (ss) => ss.map((s) => s.textContent));
    const movie = blocks.map((b) => JSON.parse(b)).find((d) => d['@type'] === 'Movie');
    assert.ok(movie, `${rel}: a schema.org Movie`);
    assert.equal(movie['@context'], 'https://schema.org');
    assert.equal(movie.inLanguage, lang);
    for (const key of ['name', 'alternateName', 'datePublished', 'duration', 'genre', 'countryOfOrigin', 'director', 'author',
      'actor', 'productionCompany', 'musicBy', 'sameAs', 'url', 'description', 'image']) {
      assert.ok(movie[key] !== undefined && movie[key] !== '' && (!Array.isArray(movie[key]) || movie[key].length), `${rel}: Movie has ${key}`);
    }
    assert.match(movie.datePublished, /^\d{4}(-\d{2}(-\d{2})?)?$/);
    assert.match(movie.duration, /^PT(\d+H)?(\d+M)?$/);
    assert.ok(movie.author.length >= 2, 'novel and screenplay');
    assert.ok(movie.actor.every((a) => a.actor?.name && a.characterName), 'every actor with the character played');
    for (const host of ['imdb.com', 'en.wikipedia.org', 'it.wikipedia.org']) {
      assert.ok(movie.sameAs.some((u) => new URL(u).hostname.endsWith(host)), `sameAs ${host}`);
    }
    await context.close();
  }
});

test('every page passes the W3C Nu HTML checker', () => {
  const files = pages.map((rel) => path.join(site, rel));
  let out = '';
  try {
    out = execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...files], { stdio: 'pipe' }).toString();
  } catch (e) {
    out = (e.stderr || '').toString() || (e.stdout || '').toString();
  }
  const messages = out.trim() ? JSON.parse(out).messages : [];
  const errors = messages.filter((m) => m.type === 'error').map((m) => `${path.relative(site, fileURLToPath(m.url))}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(errors, []);
});

test('screenshots of the English and Italian pages, on a phone and a desktop', async () => {
  const dir = process.env.REEL_UPDATE_SCREENSHOTS === '1' ? path.join(repo, 'docs/screenshots')
    : (process.env.REEL_SCREENSHOTS || path.join(tmp, 'screenshots'));
  fs.mkdirSync(dir, { recursive: true });
  const views = [
    ['desktop', { viewport: { width: 1280, height: 800 } }],
    ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ];
  for (const [rel, lang] of [['index.html', 'en'], ['it/index.html', 'it']]) {
    for (const [name, options] of views) {
      const { context, page } = await open(rel, options);
      const file = path.join(dir, `${lang}-${name}.png`);
      await page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 10000, `${file} has content`);
      // Nothing sticks out sideways on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${rel} (${name}): ${overflow}px of horizontal overflow`);
      await context.close();
    }
  }
});

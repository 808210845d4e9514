// Browser test of `reel serve`, in headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core (tests/js). Starts the real `reel serve` on a temporary copy of the
// flagship site, keeps a page open and checks, with no console errors at any point:
//   - a prose edit reloads the page with the new text, at the same scroll position;
//   - a stylesheet edit swaps the CSS without reloading;
//   - a broken template shows the error overlay (role=alert, file:line:column), and
//     mending it removes the overlay.
// Usage: node tests/browser/serve_reload.mjs REEL_BINARY REPOSITORY_ROOT
// Every wait is bounded; the whole test stops itself after 90 s.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(new URL("../js/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [reelBinary, repoRoot] = process.argv.slice(2);
if (!reelBinary || !repoRoot) {
  console.error("usage: node serve_reload.mjs REEL_BINARY REPOSITORY_ROOT");
  process.exit(2);
}
const chromiumPath = process.env.REEL_CHROMIUM || "/usr/bin/chromium";
const WAIT = 15000;  // ms, for each step

const watchdog = setTimeout(() => {
  console.error("serve_reload: gave up after 90 s");
  cleanup().finally(() => process.exit(1));
}, 90000);

const site = fs.mkdtempSync(path.join(os.tmpdir(), "reel-browser-"));
for (const entry of ["site.yaml", "content", "templates", "static"]) {
  fs.cpSync(path.join(repoRoot, entry), path.join(site, entry), { recursive: true });
}

let server = null;
let browser = null;
let stderr = "";

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => {
      const t = setTimeout(() => { server.kill("SIGKILL"); resolve(); }, 5000);
      server.once("exit", () => { clearTimeout(t); resolve(); });
    });
  }
  fs.rmSync(site, { recursive: true, force: true });
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(reelBinary, ["serve", "--port", "0", "--source", site], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const t = setTimeout(() => reject(new Error("reel serve printed no URL:\n" + out + stderr)), WAIT);
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/ at (http:\/\/\S+) \(watching with/);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    server.stderr.on("data", (d) => { stderr += d; });
    server.on("exit", (code) => reject(new Error(`reel serve exited (${code}):\n${out}${stderr}`)));
  });
}

/// Replaces `from` with `to` in a site file, as editors save: a temporary file, then a rename.
function edit(rel, from, to) {
  const file = path.join(site, rel);
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${rel} does not contain ${JSON.stringify(from)}`);
  const tmp = path.join(path.dirname(file), "." + path.basename(file) + ".tmp");
  fs.writeFileSync(tmp, text.replace(from, to));
  fs.renameSync(tmp, file);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log("ok - " + message);
}

let failed = false;
try {
  const url = await startServer();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const consoleErrors = [];
  page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(msg.text()); });
  page.on("pageerror", (err) => consoleErrors.push(String(err)));

  await page.goto(url, { waitUntil: "load" });
  check((await page.title()).includes("Never Let Me Go"), "the home page opens");
  // The page must be connected to the event stream before the edit.
  await page.locator('html[data-reel-live="connected"]').waitFor({ state: "attached", timeout: WAIT });

  // 1. A prose edit: the page reloads by itself, with the new text, where it was scrolled.
  await page.evaluate(() => window.scrollTo(0, 900));
  await page.waitForTimeout(100);
  const scrolled = await page.evaluate(() => window.scrollY);
  const index = fs.readFileSync(path.join(site, "content/en/index.md"), "utf8");
  const body = index.slice(index.indexOf("\n---", 3) + 4).trim();
  const firstWords = body.slice(0, 20);
  await page.evaluate(() => { window.reelMarker = "before"; });
  const saved = Date.now();
  edit("content/en/index.md", firstWords, "Edited in the browser test. " + firstWords);
  await page.waitForFunction(() => document.body.innerText.includes("Edited in the browser test."), null, { timeout: WAIT });
  check(true, `the open page reloaded with the new text (${Date.now() - saved} ms after the save)`);
  check((await page.evaluate(() => window.reelMarker)) === undefined, "it was a reload");
  // The edit adds a line above, so the position may move by about a line.
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 60, scrolled, { timeout: WAIT });
  check(true, `the scroll position was kept (${scrolled} px before, ${await page.evaluate(() => window.scrollY)} px after)`);

  // 2. A stylesheet edit: the CSS changes without a reload.
  await page.evaluate(() => { window.reelMarker = "kept"; });
  fs.appendFileSync(path.join(site, "static/style.css"), "\nbody { outline: 3px solid rgb(1, 2, 3); }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", null, { timeout: WAIT });
  check((await page.evaluate(() => window.reelMarker)) === "kept", "a stylesheet change is swapped without a reload");

  // 3. A broken template: an overlay with the error's position, in the open page.
  const footer = "templates/partials/footer.html";
  const good = fs.readFileSync(path.join(site, footer), "utf8");
  fs.writeFileSync(path.join(site, footer), good + "{% if %}\n");
  const overlay = page.locator('#reel-build-error[role="alert"]');
  await overlay.waitFor({ state: "visible", timeout: WAIT });
  const text = await overlay.innerText();
  check(/templates\/partials\/footer\.html:\d+:\d+/.test(text), "a broken template shows an overlay with file:line:column");
  check((await page.locator("#reel-build-error button").getAttribute("aria-label")) !== null, "the overlay can be dismissed");
  check(await page.evaluate(() => document.body.innerText.includes("Edited in the browser test.")), "the last good page stays");

  // 4. Mended: the overlay goes away by itself.
  fs.writeFileSync(path.join(site, footer), good);
  await overlay.waitFor({ state: "detached", timeout: WAIT });
  check(true, "mending the template removes the overlay");

  await page.waitForTimeout(200);
  check(consoleErrors.length === 0, "no console errors" + (consoleErrors.length ? ": " + consoleErrors.join("; ") : ""));
} catch (err) {
  failed = true;
  console.error("not ok - " + (err && err.stack ? err.stack : err));
  if (stderr) console.error("reel serve said:\n" + stderr);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(failed ? 1 : 0);

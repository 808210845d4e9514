// Save-to-reload-event latency of a live-reload server: edits a file N times (as an
// editor saves: a temporary file renamed over the original) and measures, for each
// save, the time until the server tells open pages to reload.
//
//   node bench/serve/latency.mjs reel  PORT FILE FROM N   # reel serve: its SSE stream /__reel/events
//   node --experimental-websocket bench/serve/latency.mjs hugo PORT FILE FROM N
//                                                         # hugo server: its LiveReload WebSocket
//
// FROM is a piece of text in FILE; edit i puts a marker with i just before it. Prints
// one line: "median X ms, max Y ms, min Z ms over N edits". Every wait is bounded (5 s
// per edit, 120 s in all); FILE is restored at the end.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const [kind, port, file, from, count] = process.argv.slice(2);
const N = Number(count || 20);
if (!["reel", "hugo"].includes(kind) || !port || !file || !from) {
  console.error("usage: node latency.mjs reel|hugo PORT FILE FROM [N]");
  process.exit(2);
}
setTimeout(() => { console.error("latency: gave up after 120 s"); process.exit(1); }, 120000).unref();

const original = fs.readFileSync(file, "utf8");
if (!original.includes(from)) {
  console.error(`latency: ${file} does not contain ${JSON.stringify(from)}`);
  process.exit(2);
}

let waiting = null;  // resolve() of the edit being timed
function notify() { if (waiting) { const w = waiting; waiting = null; w(performance.now()); } }

/// Connects to reel's event stream; calls notify() on each reload or css event.
function connectReel() {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/__reel/events", headers: { Accept: "text/event-stream" } }, (res) => {
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        buf += chunk;
        let end;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const message = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (message.startsWith("event: hello")) resolve(req);
          if (message.startsWith("event: reload") || message.startsWith("event: css")) notify();
          if (message.startsWith("event: build-error")) console.error("latency: the build failed:\n" + message);
        }
      });
    });
    req.on("error", reject);
  });
}

/// Connects to hugo server's LiveReload WebSocket (protocol official-7); calls notify()
/// on each "reload" command.
function connectHugo() {
  return new Promise((resolve, reject) => {
    if (typeof WebSocket === "undefined") reject(new Error("run node with --experimental-websocket"));
    const ws = new WebSocket(`ws://127.0.0.1:${port}/livereload`);
    ws.onopen = () => ws.send(JSON.stringify({ command: "hello", protocols: ["http://livereload.com/protocols/official-7"] }));
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.command === "hello") resolve(ws);
      if (m.command === "reload") notify();
    };
    ws.onerror = (e) => reject(e.error || new Error("websocket error"));
  });
}

const connection = kind === "reel" ? await connectReel() : await connectHugo();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
await sleep(300);

const samples = [];
for (let i = 0; i < N; i++) {
  const text = original.replace(from, `Edit ${i} of the benchmark. ${from}`);
  const tmp = path.join(path.dirname(file), "." + path.basename(file) + ".bench-tmp");
  const done = new Promise((resolve) => { waiting = resolve; });
  const timeout = sleep(5000).then(() => null);
  fs.writeFileSync(tmp, text);
  const saved = performance.now();
  fs.renameSync(tmp, file);
  const at = await Promise.race([done, timeout]);
  if (at === null) {
    console.error(`latency: no reload event within 5 s of edit ${i}`);
    waiting = null;
  } else {
    samples.push(at - saved);
  }
  await sleep(150);  // apart, so that no two edits are coalesced into one rebuild
}
fs.writeFileSync(file, original);
await sleep(200);
if (kind === "reel") connection.destroy(); else connection.close();

if (samples.length === 0) {
  console.log("no reload events");
  process.exit(1);
}
samples.sort((a, b) => a - b);
const median = samples.length % 2 ? samples[(samples.length - 1) / 2]
                                  : (samples[samples.length / 2 - 1] + samples[samples.length / 2]) / 2;
console.log(`median ${median.toFixed(1)} ms, max ${samples[samples.length - 1].toFixed(1)} ms, ` +
            `min ${samples[0].toFixed(1)} ms over ${samples.length} edits` +
            (samples.length < N ? ` (${N - samples.length} without an event)` : ""));
process.exit(samples.length < N ? 1 : 0);

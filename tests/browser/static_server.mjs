// A static file server for browser tests: serves a built site folder on a free
// loopback port, as GitHub Pages would (folder URLs → index.html, missing paths → the
// site's 404.html with status 404).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.json': 'application/json', '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg', '.webp': 'image/webp', '.avif': 'image/avif',
};

/** Serves `root` under `basePath` ("/" or "/repo/"); resolves to { url, close }. */
export function serve(root, basePath = '/') {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!rel.startsWith(basePath)) rel = '/__outside__';
    rel = rel.slice(basePath.length);
    let file = path.join(root, rel);
    if (!file.startsWith(path.resolve(root))) file = '';
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (file && fs.existsSync(file)) {
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404, { 'content-type': TYPES['.html'] });
    res.end(fs.readFileSync(path.join(root, '404.html')));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}${basePath}`;
      resolve({ url, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

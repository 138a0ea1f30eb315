#!/usr/bin/env node
// Serves pkg/ on loopback so the demo (pkg/demo/) imports the package as a browser would.
//   node demo/serve.mjs [--port N]     (default 8377; 0 picks a free port)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.ts': 'text/plain; charset=utf-8', '.md': 'text/plain; charset=utf-8',
};

/**
 * Starts the server on 127.0.0.1; resolves to {server, url}. `extra` maps more paths to
 * `{type, body}` served from memory (bench/browser.mjs adds its pages and ajv modules).
 */
export function serve({ port = 8377, extra = {} } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (Object.hasOwn(extra, url.pathname)) {
        res.writeHead(200, { 'content-type': extra[url.pathname].type, 'cache-control': 'no-store' });
        return res.end(extra[url.pathname].body);
      }
      if (url.pathname === '/') {
        res.writeHead(302, { location: '/demo/' });
        return res.end();
      }
      let path = normalize(join(ROOT, decodeURIComponent(url.pathname)));
      if (path !== ROOT && !path.startsWith(ROOT + sep)) throw Object.assign(new Error('outside'), { status: 403 });
      if (path.split(sep).includes('node_modules')) throw Object.assign(new Error('hidden'), { status: 404 });
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      const status = e.status || (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 404 : 500);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`${status}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://127.0.0.1:${actual}/demo/` });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT || 8377);
  const { url } = await serve({ port });
  console.log(`lblint demo: ${url}  (Ctrl-C stops it)`);
}

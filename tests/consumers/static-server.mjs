// A tiny static file server on loopback for the fixtures that need no dev server:
// GET/HEAD of files under `root` (never outside it), `index.html` for a directory,
// and extra response headers per request from `headers(url)` (the CSP fixture).
// `host` (default 127.0.0.1; "localhost" for an app on the provider's site) and
// `fallback`: a file under `root` served for a missing path with no file extension, as
// single-page-app hosts do (the React fixture's /callback and /account).

import { once } from "node:events";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
};

async function fileFor(root, pathname) {
  const file = resolve(root, "." + decodeURIComponent(pathname));
  if (file !== root && !file.startsWith(root + sep)) return null;
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) return join(file, "index.html");
  return info?.isFile() ? file : null;
}

export async function startStaticServer({ root, port, host = "127.0.0.1", headers = () => ({}), fallback }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, `http://${host}:${port}`);
    try {
      const read = req.method === "GET" || req.method === "HEAD";
      let file = read ? await fileFor(base, url.pathname) : null;
      if (!file && read && fallback && !extname(url.pathname)) file = await fileFor(base, `/${fallback}`);
      if (!file) throw Object.assign(new Error("not found"), { code: "ENOENT" });
      const body = await readFile(file);
      res.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": "no-store",
        ...headers(url),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (err) {
      const missing = err.code === "ENOENT" || err.code === "EISDIR";
      if (!res.headersSent) res.writeHead(missing ? 404 : 500, { "Content-Type": "text/plain" });
      res.end(missing ? `not found: ${url.pathname}` : String(err));
    }
  });
  server.listen(port, host);
  await once(server, "listening");
  return {
    url: `http://${host}:${port}`,
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

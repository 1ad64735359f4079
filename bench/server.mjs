// The benchmark's app origin (http://localhost:8400 by default): two equivalent
// single-page apps, one per library, on the same origin and paths, because the
// provider's `spa` client accepts one app origin only. A cookie set on each
// browser context picks the app:
//
//   cookie bench-lib=oidc-wasm | oidc-client-ts
//   /, /callback, /index.html -> pages/<lib>/index.html   (the app: ready, sign-in, callback)
//   /silent.html              -> pages/<lib>/silent.html  (silent-renew iframe target)
//   /lib/oidc-wasm/*          -> the package built by scripts/build.sh (pkg)
//   /lib/oidc-client-ts/*     -> oidc-client-ts's browser bundle (dist/browser)
//
// Pages get `window.BENCH_CONFIG` injected in place of the `/*BENCH_CONFIG*/`
// comment. Library files and pages are read once, at start, so that a rebuild
// of pkg during a run cannot mix two builds. Every response is
// `Cache-Control: no-store`; JS, wasm and HTML are sent gzip -9 (compressed
// once, at start) when the browser accepts gzip, as a production server would.

import { once } from "node:events";
import { readFile, readdir } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const PAGES_DIR = join(HERE, "pages");

export const LIBRARIES = ["oidc-wasm", "oidc-client-ts"];
export const LIB_COOKIE = "bench-lib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
};

const PAGE_FILES = new Map([
  ["/", "index.html"],
  ["/index.html", "index.html"],
  ["/callback", "index.html"],
  ["/silent.html", "silent.html"],
]);

function cookieValue(header, name) {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** Reads every servable file once: raw bytes and gzip -9 bytes, keyed by URL path. */
async function loadFiles({ pkgDir, oidcClientTsDir, config }) {
  const files = new Map();
  const add = (urlPath, body, type) =>
    files.set(urlPath, { body, gzip: gzipSync(body, { level: 9 }), type });

  for (const name of await readdir(pkgDir)) {
    if (name.endsWith(".js") || name.endsWith(".wasm")) {
      add(`/lib/oidc-wasm/${name}`, await readFile(join(pkgDir, name)), TYPES[extname(name)]);
    }
  }
  for (const name of await readdir(oidcClientTsDir)) {
    if (name.endsWith(".js")) {
      add(`/lib/oidc-client-ts/${name}`, await readFile(join(oidcClientTsDir, name)), TYPES[".js"]);
    }
  }
  const inject = `window.BENCH_CONFIG = ${JSON.stringify(config)};`;
  for (const lib of LIBRARIES) {
    for (const page of new Set(PAGE_FILES.values())) {
      const html = (await readFile(join(PAGES_DIR, lib, page), "utf8")).replace("/*BENCH_CONFIG*/", inject);
      add(`page:${lib}/${page}`, Buffer.from(html), TYPES[".html"]);
    }
  }
  return files;
}

/**
 * Starts the server. `config` is what the pages see as window.BENCH_CONFIG.
 * Returns { url, close() }.
 */
export async function startBenchServer({ port, pkgDir, oidcClientTsDir, config }) {
  const files = await loadFiles({ pkgDir: resolve(pkgDir), oidcClientTsDir: resolve(oidcClientTsDir), config });

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, `http://localhost:${port}`);
    let key = null;
    if (PAGE_FILES.has(pathname)) {
      const lib = cookieValue(req.headers.cookie, LIB_COOKIE);
      if (!LIBRARIES.includes(lib)) {
        res.writeHead(400, { "Content-Type": "text/plain" });
        res.end(`set the ${LIB_COOKIE} cookie to one of ${LIBRARIES.join(", ")}`);
        return;
      }
      key = `page:${lib}/${PAGE_FILES.get(pathname)}`;
    } else if (pathname.startsWith("/lib/")) {
      key = pathname; // looked up among the files read at start, never on disk
    }
    const file = key && (req.method === "GET" || req.method === "HEAD") ? files.get(key) : undefined;
    if (!file) {
      res.writeHead(pathname === "/favicon.ico" ? 204 : 404, { "Content-Type": "text/plain" });
      res.end(pathname === "/favicon.ico" ? undefined : `not found: ${pathname}`);
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
    const body = gzip ? file.gzip : file.body;
    res.writeHead(200, {
      "Content-Type": file.type,
      "Content-Length": body.length,
      "Cache-Control": "no-store",
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
      Vary: "Accept-Encoding",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  server.listen(port, "localhost");
  await once(server, "listening");
  return {
    url: `http://localhost:${port}`,
    /** The bytes served at a /lib/ URL path (read once at start), or undefined. */
    libraryFile(urlPath) {
      return urlPath.startsWith("/lib/") ? files.get(urlPath)?.body : undefined;
    },
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

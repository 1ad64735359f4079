// The test app's origin, http://localhost:8080:
//   /, /callback, /signed-out  -> app/index.html (loads the package, exposes it on window)
//   /silent.html               -> app/silent.html (no script: the library reads the iframe's URL)
//   /pkg/*                     -> the package built by scripts/build.sh (env OIDC_WASM_PKG,
//                                 default <repo>/pkg)
//
// CLI: `node tests/e2e/static-server.mjs` (env E2E_APP_PORT or APP_PORT, OIDC_WASM_PKG).

import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REPO = resolve(HERE, "../..");
const APP_DIR = join(HERE, "app");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
  ".map": "application/json",
};

const APP_PAGES = new Map([
  ["/", "index.html"],
  ["/callback", "index.html"],
  ["/signed-out", "index.html"],
  ["/index.html", "index.html"],
  ["/silent.html", "silent.html"],
]);

export function defaultPkgDir() {
  return process.env.OIDC_WASM_PKG ? resolve(process.env.OIDC_WASM_PKG) : join(REPO, "pkg");
}

/** The file for a request path, or null (never a path outside app/ or the package). */
function fileFor(pathname, pkgDir) {
  if (APP_PAGES.has(pathname)) return join(APP_DIR, APP_PAGES.get(pathname));
  if (!pathname.startsWith("/pkg/")) return null;
  const relative = normalize(decodeURIComponent(pathname.slice("/pkg/".length)));
  const file = resolve(pkgDir, relative);
  return file.startsWith(pkgDir + sep) ? file : null;
}

/** The app's request handler (node:http or node:https), serving the package from `pkgDir`. */
export function staticRequestHandler({ pkgDir = defaultPkgDir() } = {}) {
  const root = resolve(pkgDir);
  return async (req, res) => {
    const { pathname } = new URL(req.url, "http://app.invalid");
    if (pathname === "/favicon.ico") {
      res.writeHead(204);
      res.end();
      return;
    }
    const file = req.method === "GET" || req.method === "HEAD" ? fileFor(pathname, root) : null;
    try {
      if (!file) throw Object.assign(new Error("not found"), { code: "ENOENT" });
      const body = await readFile(file);
      res.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (err) {
      const missing = err.code === "ENOENT" || err.code === "EISDIR";
      res.writeHead(missing ? 404 : 500, { "Content-Type": "text/plain" });
      res.end(missing ? `not found: ${pathname}` : String(err));
    }
  };
}

export async function startStaticServer({ port = 8080, pkgDir = defaultPkgDir() } = {}) {
  const root = resolve(pkgDir);
  const server = createServer(staticRequestHandler({ pkgDir: root }));
  server.listen(port, "localhost");
  await once(server, "listening");
  return {
    url: `http://localhost:${port}`,
    pkgDir: root,
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const app = await startStaticServer({ port: Number(process.env.E2E_APP_PORT ?? process.env.APP_PORT ?? 8080) });
  console.log(`test app at ${app.url} (package from ${app.pkgDir})`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

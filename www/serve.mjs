// A tiny static server for the built demo (www/dist), with what an SPA host needs:
//   /, /callback (and any other extension-less path)  -> index.html
//   /silent.html                                      -> the static silent-renew page
//   *.wasm                                            -> application/wasm (streaming compile)
//   hashed assets cached for a year, HTML never
//
//   import { startDemoServer } from "./www/serve.mjs";
//   const app = await startDemoServer({ port: 8080 }); ... await app.close();
//
// CLI: `node www/serve.mjs` with env DEMO_PORT (8080), DEMO_DIST (www/dist).
// Listens on `localhost` only: keep the app and the provider on the same host
// name (localhost, not 127.0.0.1) so that silent renew's iframe is same-site.

import { once } from "node:events";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
export const DEFAULT_DIST = join(HERE, "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

/** The file for a request path, or null; never a path outside `root`. */
async function fileFor(pathname, root) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = resolve(root, `.${decoded}`);
  if (file !== root && !file.startsWith(root + sep)) return null;
  const info = await stat(file).catch(() => null);
  if (info?.isFile()) return file;
  if (info?.isDirectory()) {
    const index = join(file, "index.html");
    if (await stat(index).catch(() => null)) return index;
  }
  // SPA fallback: routes such as /callback have no extension.
  if (!extname(decoded)) return join(root, "index.html");
  return null;
}

export async function startDemoServer({ port = 8080, root = DEFAULT_DIST, host = "localhost" } = {}) {
  const dist = resolve(root);
  const index = await stat(join(dist, "index.html")).catch(() => null);
  if (!index) {
    throw new Error(`the demo is not built: ${join(dist, "index.html")} is missing. Run \`bash scripts/build-www.sh\`.`);
  }
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", ...SECURITY_HEADERS });
      res.end();
      return;
    }
    const { pathname } = new URL(req.url, "http://localhost");
    try {
      const file = await fileFor(pathname, dist);
      if (!file) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
        res.end(`not found: ${pathname}\n`);
        return;
      }
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      const hashed = /\.[0-9a-f]{8}\.\w+$/.test(file);
      res.writeHead(200, {
        "Content-Type": type,
        "Content-Length": body.length,
        "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        ...SECURITY_HEADERS,
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`${error}\n`);
    }
  });
  server.listen(port, host);
  await once(server, "listening");
  return {
    url: `http://localhost:${port}`,
    root: dist,
    server,
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.DEMO_PORT ?? 8080);
  let app;
  try {
    app = await startDemoServer({ port, root: process.env.DEMO_DIST ?? DEFAULT_DIST });
  } catch (error) {
    console.error(error.code === "EADDRINUSE" ? `port ${port} is in use: set DEMO_PORT to another port` : error.message);
    process.exit(1);
  }
  console.log(`demo app at ${app.url} (serving ${app.root})`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

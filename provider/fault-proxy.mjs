// A reverse proxy on loopback in front of a real oidc-provider (op.mjs), that
// breaks chosen paths on demand: the provider outages of the fault tests
// (tests/e2e/faults.test.mjs).
//
//   import { startFaultProxy } from "./provider/fault-proxy.mjs";
//   const proxy = await startFaultProxy({ port: 9200, appOrigin: "http://localhost:8080", autoLogin: true });
//   proxy.setFault("/token", "hang"); ... proxy.clearFaults(); ... await proxy.close();
//
// The provider's issuer is the PROXY's origin (http://localhost:<port>): the
// browser only ever talks to the proxy, so discovery, cookies and every endpoint
// URL name it. The provider itself listens on a free loopback port, and the proxy
// forwards each request unchanged (Host header included).
//
// Faults, by path prefix (oidc-provider 8 paths: /auth, /token, /me,
// /token/revocation, /session/end, /jwks, /.well-known/openid-configuration;
// "/" is every path). A prefix matches the path itself and what lies under it
// ("/token" matches "/token" and "/token/revocation", not "/tokens"); the
// longest matching prefix wins. Kinds:
//   "refuse"   the connection is destroyed without an answer (the browser sees a
//              network error: the provider is down, or a load balancer drops it)
//   "hang"     the request is accepted and never answered (close() destroys it)
//   "hang_body" a 200 JSON answer whose headers and first bytes arrive, and whose body
//              never ends (a request deadline must cover reading the body too)
//   "500"      an HTML error page with status 500 (a crashed provider or gateway)
//   "json500"  {"error":"server_error"} with status 500
//   "huge"     a 200 JSON body of 2 MiB with its Content-Length (a runaway or hostile
//              answer the library must refuse, not copy into wasm memory)
//   "huge_chunked" the same body sent chunked, with no Content-Length to refuse it by
// CORS preflights (OPTIONS) pass through untouched, and the 500 answers carry the
// app's CORS headers, as the provider's own errors do: the library must see the
// status, not an opaque CORS failure.
//
// CLI: `node provider/fault-proxy.mjs` with env FAULT_PORT (9200), APP_ORIGIN,
// FAULTS (e.g. "/token=hang,/me=500"). Tokens live OP_ACCESS_TOKEN_TTL and
// OP_ID_TOKEN_TTL seconds (3600); autoLogin is on.

import { once } from "node:events";
import { createServer, request as httpRequest } from "node:http";
import { pathToFileURL } from "node:url";

import { startProvider } from "./op.mjs";

export const FAULT_KINDS = ["refuse", "hang", "hang_body", "500", "json500", "huge", "huge_chunked"];

/** A JSON document of 2 MiB, twice what the library reads from a provider. */
const HUGE_BODY = JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) });

export async function startFaultProxy({ port = 9200, appOrigin = "http://localhost:8080", ...providerOptions } = {}) {
  const issuer = `http://localhost:${port}`;
  const op = await startProvider({ ...providerOptions, port: 0, issuer, appOrigin });

  const faults = new Map(); // path prefix -> kind
  const sockets = new Set(); // every open client connection (close() ends them)
  const hung = new Set(); // responses never to be answered
  let counts = emptyCounts();
  let closing = null;

  function setFault(prefix, kind) {
    if (typeof prefix !== "string" || !prefix.startsWith("/")) throw new Error(`fault prefix must start with "/": ${prefix}`);
    if (!FAULT_KINDS.includes(kind)) throw new Error(`unknown fault kind ${kind}; one of ${FAULT_KINDS.join(", ")}`);
    faults.set(prefix === "/" ? "/" : prefix.replace(/\/+$/, ""), kind);
  }

  function faultFor(pathname) {
    let best = null;
    for (const [prefix, kind] of faults) {
      const matches = prefix === "/" || pathname === prefix || pathname.startsWith(`${prefix}/`);
      if (matches && (best === null || prefix.length > best.prefix.length)) best = { prefix, kind };
    }
    return best?.kind ?? null;
  }

  /** Lifts every fault; requests already hanging stay hung (as after a real outage). */
  function clearFaults() {
    faults.clear();
  }

  function count(table, pathname) {
    table[pathname] = (table[pathname] ?? 0) + 1;
  }

  function errorHeaders(type) {
    return { "Content-Type": type, "Cache-Control": "no-store", "Access-Control-Allow-Origin": appOrigin, Vary: "Origin" };
  }

  function forward(req, res) {
    const upstream = httpRequest(
      { host: op.address, port: op.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, errorHeaders("text/plain"));
      res.end("bad gateway");
    });
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, issuer);
    count(counts.requests, pathname);
    const kind = req.method === "OPTIONS" ? null : faultFor(pathname);
    if (kind === null) return forward(req, res);

    count(counts.faulted, pathname);
    switch (kind) {
      case "refuse":
        req.socket.destroy();
        return;
      case "hang":
        hung.add(res);
        res.on("close", () => hung.delete(res));
        req.resume(); // read the body, answer nothing
        return;
      case "hang_body":
        hung.add(res);
        res.on("close", () => hung.delete(res));
        req.resume();
        res.writeHead(200, errorHeaders("application/json"));
        res.write('{"access_token":"');
        return;
      case "500":
        res.writeHead(500, errorHeaders("text/html; charset=utf-8"));
        res.end("<!DOCTYPE html><title>500 Internal Server Error</title><h1>Internal Server Error</h1><p>fault-proxy</p>");
        return;
      case "json500":
        res.writeHead(500, errorHeaders("application/json"));
        res.end(JSON.stringify({ error: "server_error", error_description: "fault-proxy" }));
        return;
      case "huge":
        req.resume();
        res.writeHead(200, { ...errorHeaders("application/json"), "Content-Length": Buffer.byteLength(HUGE_BODY) });
        res.end(HUGE_BODY);
        return;
      case "huge_chunked":
        req.resume();
        res.writeHead(200, errorHeaders("application/json"));
        for (let at = 0; at < HUGE_BODY.length; at += 64 * 1024) res.write(HUGE_BODY.slice(at, at + 64 * 1024));
        res.end();
        return;
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(port, "localhost");
  await once(server, "listening");

  return {
    issuer,
    url: issuer,
    /** The provider behind the proxy: { stats, port, ... } (see op.mjs). */
    op,
    setFault,
    clearFaults,
    /** The faults in force, as { prefix: kind }. */
    get faults() {
      return Object.fromEntries(faults);
    },
    /** Requests that reached the proxy, by path: { requests: { "/token": 2 }, faulted: { "/token": 1 } }. */
    get counts() {
      return counts;
    },
    /** How many requests are hanging right now. */
    get hanging() {
      return hung.size;
    },
    resetCounts() {
      counts = emptyCounts();
    },
    /** Lifts the faults and zeroes the proxy's and the provider's counters. */
    reset() {
      faults.clear();
      counts = emptyCounts();
      op.stats.reset();
    },
    /** Stops the proxy (hung requests included) and the provider; safe to call twice. */
    close() {
      closing ??= (async () => {
        faults.clear();
        for (const socket of sockets) socket.destroy(); // the hung requests with the rest
        await new Promise((resolve) => server.close(() => resolve()));
        await op.close();
      })();
      return closing;
    },
  };
}

function emptyCounts() {
  return { requests: {}, faulted: {} };
}

async function main() {
  const proxy = await startFaultProxy({
    port: Number(process.env.FAULT_PORT ?? 9200),
    appOrigin: process.env.APP_ORIGIN ?? "http://localhost:8080",
    autoLogin: true,
    accessTokenTtl: Number(process.env.OP_ACCESS_TOKEN_TTL ?? 3600),
    idTokenTtl: Number(process.env.OP_ID_TOKEN_TTL ?? 3600),
  });
  for (const item of (process.env.FAULTS ?? "").split(",").filter(Boolean)) {
    const [prefix, kind] = item.split("=");
    proxy.setFault(prefix, kind);
  }
  console.log(`fault proxy ready at ${proxy.url}; faults ${JSON.stringify(proxy.faults)}`);
  const stop = async () => {
    await proxy.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

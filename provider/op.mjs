// A real OpenID Provider on loopback for the demo and the e2e tests: panva's
// oidc-provider 8.x with the clients, keys and test user of this folder.
//
//   import { startProvider } from "./provider/op.mjs";
//   const op = await startProvider({ port: 9000, autoLogin: true });
//   ... op.stats.counts ... await op.close();
//
// CLI: `node provider/op.mjs` with env OP_PORT (9000), APP_ORIGIN
// (http://localhost:8080), OP_AUTO_LOGIN=1, OP_ACCESS_TOKEN_TTL and
// OP_ID_TOKEN_TTL (seconds, 3600), OP_LOG=1 (print each request). Without
// OP_AUTO_LOGIN a login form asks for a user name and password: user "ada",
// any password; then a consent page asks to allow the requested scopes.
//
// Clients: "spa" and "spa-es256" (public, code + PKCE S256, refresh tokens with
// scope offline_access and prompt=consent), "m2m" (secret "m2m-secret") and
// "m2m-odd" (secret "p@ss:w%rd+ &="), both client_credentials, scope api:read.
// DPoP (RFC 9449) is on for every client that sends proofs; with `dpopNonce`
// (OP_DPOP_NONCE=1) each proof must carry a nonce of the provider.
// Test endpoints: GET /__stats, POST /__stats/reset (see stats.mjs).

import { once } from "node:events";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

import Provider from "oidc-provider";

import { providerConfiguration } from "./configuration.mjs";
import { interactionsMiddleware } from "./interactions.mjs";
import { createStats, statsMiddleware } from "./stats.mjs";

export async function startProvider({
  port = 9000,
  // Another origin in front of this server (provider/fault-proxy.mjs): the
  // issuer, cookie names and every endpoint URL are then that origin's.
  issuer = `http://localhost:${port}`,
  appOrigin = "http://localhost:8080",
  autoLogin = false,
  accessTokenTtl = 3600,
  idTokenTtl = 3600,
  // Every DPoP proof must carry a nonce of this provider (RFC 9449 §8). DPoP
  // itself is always on: clients that send no proofs get bearer tokens.
  dpopNonce = false,
  log = false, // print each request (method, url, status) to stdout
  // Called with { method, path, ms } once each request is answered: how long the
  // provider itself took (bench/callback-phases.mjs).
  onAnswered = null,
} = {}) {
  const provider = new Provider(
    issuer,
    providerConfiguration({ issuer, appOrigin, autoLogin, accessTokenTtl, idTokenTtl, dpopNonce }),
  );
  provider.on("server_error", (ctx, err) => console.error("provider server_error:", err));

  const stats = createStats();
  if (onAnswered) provider.use(timeRequests(onAnswered));
  if (log) provider.use(logRequests);
  provider.use(statsMiddleware(stats, { corsOrigin: appOrigin }));
  provider.use(allowFramingBy(appOrigin));
  provider.use(interactionsMiddleware(provider, { autoLogin }));

  const server = createServer(provider.callback());
  server.listen(port, "localhost");
  await once(server, "listening");

  return {
    issuer,
    url: issuer,
    /** The port this server listens on (differs from the issuer's behind a proxy; 0 picks a free one). */
    port: server.address().port,
    /** The loopback address it is bound to ("127.0.0.1" or "::1": what `localhost` resolved to). */
    address: server.address().address,
    provider,
    stats,
    close: () => closeServer(server),
  };
}

/** The provider's pages may render in a hidden iframe of the app (silent renew). */
function allowFramingBy(appOrigin) {
  return async function frameAncestors(ctx, next) {
    await next();
    ctx.set("Content-Security-Policy", `frame-ancestors 'self' ${appOrigin}`);
  };
}

async function logRequests(ctx, next) {
  await next();
  console.log(`${ctx.method} ${ctx.url} -> ${ctx.status}`);
}

function timeRequests(onAnswered) {
  return async function timed(ctx, next) {
    const start = performance.now();
    await next();
    onAnswered({ method: ctx.method, path: ctx.path, ms: performance.now() - start });
  };
}

function closeServer(server) {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function main() {
  const op = await startProvider({
    port: Number(process.env.OP_PORT ?? 9000),
    appOrigin: process.env.APP_ORIGIN ?? "http://localhost:8080",
    autoLogin: process.env.OP_AUTO_LOGIN === "1",
    accessTokenTtl: Number(process.env.OP_ACCESS_TOKEN_TTL ?? 3600),
    idTokenTtl: Number(process.env.OP_ID_TOKEN_TTL ?? 3600),
    dpopNonce: process.env.OP_DPOP_NONCE === "1",
    log: process.env.OP_LOG === "1",
  });
  console.log(`provider ready at ${op.url}`);
  const stop = async () => {
    await op.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

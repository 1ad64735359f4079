// A Descope-shaped OpenID Provider on loopback, for tests/e2e/descope-run.mjs: panva's
// oidc-provider 8.x behind one HTTPS server (node:https) that answers for Descope's real host
// names and URL layout, with a self-signed certificate made at start by `openssl req -x509`.
//
//   import { startDescopeProvider } from "./provider/descope-op.mjs";
//   const op = await startDescopeProvider({ port: 8643, appOrigins: ["http://localhost:8600"] });
//   ... op.requests ... op.setUnlistedKey(true) ... await op.close();
//
// What is Descope-shaped (docs.descope.com, "OIDC endpoints"; src/core/descope.rs):
//   - hosts: api.descope.com (projects in the default region), api.<region>.descope.com (the region
//     a project ID carries between its leading P and its last 27 characters), and a custom domain
//     (default auth.example.test, of the regional project), each its own Provider with
//     issuer https://<host>/<projectId>;
//   - routes: /oauth2/v1/{authorize,token,userinfo,logout,revoke} and
//     /<projectId>/.well-known/jwks.json; discovery at /<projectId>/.well-known/openid-configuration;
//   - the client ID is the project ID: a public client (PKCE S256, refresh tokens, CORS for the
//     app origins), and the same ID with an access key as client secret for client credentials;
//   - cookies SameSite=None; Secure, as a provider on another site than its apps must set them:
//     whether the silent-renew iframe gets them is then the browser's decision alone;
//   - refresh tokens: Descope returns one for `offline_access` without asking for consent;
//     oidc-provider grants offline_access only with prompt=consent, so an authorization request
//     that asks for offline_access with no prompt gets prompt=consent added here (the test user's
//     consent is given automatically, autoLogin).
//
// Machine to machine (ASSUMPTION, documented in tests/e2e/descope-run.mjs too): Descope's OIDC
// guide uses client_id = the project ID and client_secret = a Descope access key at the token
// endpoint. Here a token request that carries `Authorization: Basic` goes to a second Provider of
// the same issuer whose client <projectId> is confidential (client_secret_basic, the access key as
// its secret, grant client_credentials); every other request goes to the public one.
//
// Test switches: setUnlistedKey(true) serves JWKS without the key that signs ID tokens (RS256,
// kid "rs-1"): the tokens are then signed by a key absent from the JWKS. Refresh tokens rotate;
// a replayed one is refused (invalid_grant) and revokes every token of its grant, as
// oidc-provider does by default.
//
// Every request any Provider sees is recorded in `requests` ({ host, method, path, query, status,
// grantType, clientId, basicAuth, basicUser (the decoded client id of HTTP Basic, never the
// secret) }) until resetRequests().

import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import Provider from "oidc-provider";

import { providerConfiguration } from "./configuration.mjs";
import { interactionsMiddleware } from "./interactions.mjs";

const run = promisify(execFile);

export const DESCOPE_HOST = "api.descope.com";
/** A project in the default region: P + 27 characters. */
export const DEFAULT_PROJECT_ID = "P2DescopeShapedDefaultRegion";
/** A project in region euw1: P + "euw1" + 27 characters (api.euw1.descope.com). */
export const REGIONAL_PROJECT_ID = "Peuw12DescopeShapedRegionalProj0";
export const CUSTOM_DOMAIN = "auth.example.test";
/** The cleartext of the test project's access key (the client secret of client credentials). */
export const ACCESS_KEY = "K2DescopeShapedTestAccessKey0123456789abcdefghij";
/** The kid of the key that signs ID tokens (provider/keys/rs-1.json). */
export const SIGNING_KID = "rs-1";

/** Descope's rule: the region is what lies between the leading P and the last 27 characters. */
export function regionOf(projectId) {
  return projectId.slice(1, -27);
}

/** The host a project ID implies: api.descope.com or api.<region>.descope.com. */
export function hostOf(projectId) {
  const region = regionOf(projectId);
  return region ? `api.${region}.descope.com` : DESCOPE_HOST;
}

/**
 * A self-signed certificate for `hosts` (subjectAltName DNS names), made now by openssl in a
 * temporary folder that is removed again. Returns { key, cert } (PEM strings).
 */
export async function makeCertificate(hosts) {
  const dir = await mkdtemp(join(tmpdir(), "descope-cert-"));
  try {
    const keyFile = join(dir, "key.pem");
    const certFile = join(dir, "cert.pem");
    await run(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", keyFile, "-out", certFile, "-days", "2",
        "-subj", "/CN=oidc-wasm Descope-shaped test provider",
        "-addext", `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
      ],
      { timeout: 20_000 },
    );
    return { key: await readFile(keyFile, "utf8"), cert: await readFile(certFile, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The user-id half of an HTTP Basic header, form-decoded (RFC 6749 §2.3.1), or undefined. */
function basicUser(header) {
  const match = /^basic (.+)$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const user = decoded.slice(0, Math.max(0, decoded.indexOf(":")));
  try {
    return decodeURIComponent(user.replace(/\+/g, " "));
  } catch {
    return user;
  }
}

function descopeRoutes(projectId) {
  return {
    authorization: "/oauth2/v1/authorize",
    token: "/oauth2/v1/token",
    userinfo: "/oauth2/v1/userinfo",
    end_session: "/oauth2/v1/logout",
    revocation: "/oauth2/v1/revoke",
    introspection: "/oauth2/v1/introspect",
    jwks: `/${projectId}/.well-known/jwks.json`,
  };
}

function publicClient(projectId, appOrigins) {
  return {
    client_id: projectId,
    application_type: "web",
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: appOrigins.flatMap((o) => [`${o}/callback`, `${o}/silent.html`, `${o}/`]),
    post_logout_redirect_uris: appOrigins.flatMap((o) => [`${o}/`, `${o}/signed-out`]),
  };
}

function accessKeyClient(projectId, accessKey) {
  return {
    client_id: projectId,
    client_secret: accessKey,
    token_endpoint_auth_method: "client_secret_basic",
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
  };
}

function configuration({ issuer, projectId, appOrigins, clients, accessTokenTtl, idTokenTtl }) {
  const base = providerConfiguration({
    issuer,
    appOrigin: appOrigins[0],
    autoLogin: true,
    accessTokenTtl,
    idTokenTtl,
  });
  const cookie = { sameSite: "none", secure: true, signed: true };
  return {
    ...base,
    clients,
    routes: descopeRoutes(projectId),
    clientBasedCORS: (ctx, origin) => appOrigins.includes(origin),
    cookies: { ...base.cookies, names: {}, short: cookie, long: cookie },
    features: {
      ...base.features,
      introspection: { enabled: false },
    },
  };
}

/**
 * Starts the server. `tenants`: [{ host, projectId }] (default: the default-region project on
 * api.descope.com, the regional one on its regional host, and the regional one again on the
 * custom domain). `extraHosts`: { hostname: (req, res) => void } for other names the certificate
 * should cover and this server answer (the test app on app.example.test).
 */
export async function startDescopeProvider({
  port = 8643,
  appOrigins = ["http://localhost:8600"],
  tenants = [
    { host: DESCOPE_HOST, projectId: DEFAULT_PROJECT_ID },
    { host: hostOf(REGIONAL_PROJECT_ID), projectId: REGIONAL_PROJECT_ID },
    { host: CUSTOM_DOMAIN, projectId: REGIONAL_PROJECT_ID },
  ],
  accessKey = ACCESS_KEY,
  extraHosts = {},
  accessTokenTtl = 3600,
  idTokenTtl = 3600,
  log = false,
} = {}) {
  const requests = [];
  let unlistedKey = false;

  const record = async (ctx, next) => {
    const entry = {
      host: ctx.hostname,
      method: ctx.method,
      path: ctx.path,
      query: { ...ctx.query },
      basicAuth: /^basic /i.test(ctx.get("authorization")),
      basicUser: basicUser(ctx.get("authorization")),
    };
    requests.push(entry);
    try {
      await next();
    } finally {
      entry.status = ctx.status;
      entry.grantType = ctx.oidc?.params?.grant_type;
      entry.clientId = ctx.oidc?.client?.clientId;
      if (log) console.log(`${ctx.method} https://${ctx.host}${ctx.url} -> ${ctx.status}`);
    }
  };

  const byHost = new Map();
  for (const { host, projectId } of tenants) {
    const issuer = `https://${host}/${projectId}`;
    const jwksPath = descopeRoutes(projectId).jwks;
    const make = (clients) => {
      const provider = new Provider(
        issuer,
        configuration({ issuer, projectId, appOrigins, clients, accessTokenTtl, idTokenTtl }),
      );
      provider.on("server_error", (ctx, err) => console.error(`descope-op ${host} server_error:`, err));
      provider.use(record);
      provider.use(async (ctx, next) => {
        await next();
        if (ctx.path === jwksPath && unlistedKey && ctx.body?.keys) {
          ctx.body = { keys: ctx.body.keys.filter((k) => k.kid !== SIGNING_KID) };
        }
      });
      provider.use(async (ctx, next) => {
        await next();
        ctx.set("Content-Security-Policy", `frame-ancestors 'self' ${appOrigins.join(" ")}`);
      });
      provider.use(interactionsMiddleware(provider, { autoLogin: true }));
      return provider;
    };
    const spa = make([publicClient(projectId, appOrigins)]);
    const m2m = make([accessKeyClient(projectId, accessKey)]);
    byHost.set(host, {
      host,
      projectId,
      issuer,
      spa,
      m2m,
      spaCallback: spa.callback(),
      m2mCallback: m2m.callback(),
    });
  }

  const hosts = [...byHost.keys(), ...Object.keys(extraHosts)];
  const { key, cert } = await makeCertificate(hosts);

  const server = createServer({ key, cert }, (req, res) => {
    const hostname = String(req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    if (extraHosts[hostname]) return extraHosts[hostname](req, res);
    const tenant = byHost.get(hostname);
    if (!tenant) {
      res.writeHead(421, { "Content-Type": "text/plain" });
      res.end(`no Descope-shaped tenant for host ${hostname}`);
      return;
    }
    const url = new URL(req.url, `https://${hostname}`);
    const discovery = `/${tenant.projectId}/.well-known/openid-configuration`;
    if (url.pathname === discovery) {
      req.url = `/.well-known/openid-configuration${url.search}`;
    } else if (req.method === "GET" && url.pathname === "/oauth2/v1/authorize") {
      const scope = url.searchParams.get("scope") ?? "";
      if (scope.split(" ").includes("offline_access") && !url.searchParams.has("prompt")) {
        url.searchParams.set("prompt", "consent");
        req.url = `${url.pathname}${url.search}`;
      }
    }
    const toAccessKeyClient =
      req.method === "POST" && url.pathname === "/oauth2/v1/token" && /^basic /i.test(req.headers.authorization ?? "");
    return (toAccessKeyClient ? tenant.m2mCallback : tenant.spaCallback)(req, res);
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");

  return {
    port,
    cert,
    hosts,
    tenants: [...byHost.values()].map(({ host, projectId, issuer }) => ({ host, projectId, issuer })),
    /** The Provider instances for `host`: { spa, m2m }. */
    providers: (host) => {
      const t = byHost.get(host);
      return t && { spa: t.spa, m2m: t.m2m };
    },
    requests,
    resetRequests() {
      requests.length = 0;
    },
    setUnlistedKey(on) {
      unlistedKey = Boolean(on);
    },
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

// Which OpenID Provider the demo talks to, and how it renews.
//
// In order of precedence:
//   1. ?descope=<ProjectID> (with &baseUrl=<custom domain>), or
//      ?authority=<issuer>&clientId=<id> in the URL
//      (remembered in sessionStorage for the tab, so it survives the redirect
//      to the provider and back; ?reset forgets it);
//   2. what an earlier visit in this tab chose (sessionStorage);
//   3. the build: DESCOPE_PROJECT_ID, else OIDC_AUTHORITY / OIDC_CLIENT_ID;
//   4. the local provider that `npm run demo` starts: http://localhost:9000, client "spa".

/* global __DESCOPE_PROJECT_ID__, __OIDC_AUTHORITY__, __OIDC_CLIENT_ID__ */

const PROVIDER_KEY = "oidc-wasm-demo:provider";
const RENEWAL_KEY = "oidc-wasm-demo:renewal";
const URL_PARAMS = ["descope", "baseUrl", "authority", "clientId", "client_id", "reset"];

function read(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value == null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

function checkAuthority(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw Object.assign(new Error(`authority must be an absolute URL, not ${JSON.stringify(value)}`), { code: "invalid_config" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw Object.assign(new Error(`authority must be http(s): ${value}`), { code: "invalid_config" });
  }
  return value.replace(/\/+$/, "") || value;
}

export function buildDefault() {
  if (__DESCOPE_PROJECT_ID__) return { kind: "descope", projectId: __DESCOPE_PROJECT_ID__, source: "build" };
  return { kind: "oidc", authority: __OIDC_AUTHORITY__, clientId: __OIDC_CLIENT_ID__, source: "default" };
}

/**
 * Reads (and removes) the provider parameters of the address bar, stores them,
 * and returns the provider to use. Throws an `invalid_config` error for a bad
 * authority (the stored choice is then left as it was).
 */
export function currentProvider() {
  const url = new URL(location.href);
  const params = url.searchParams;
  if (URL_PARAMS.some((name) => params.has(name))) {
    const descope = params.get("descope");
    const baseUrl = params.get("baseUrl");
    const authority = params.get("authority");
    const clientId = params.get("clientId") ?? params.get("client_id");
    for (const name of URL_PARAMS) params.delete(name);
    const query = params.toString();
    history.replaceState(history.state, "", url.pathname + (query ? `?${query}` : "") + url.hash);
    if (descope) {
      write(PROVIDER_KEY, {
        kind: "descope",
        projectId: descope.trim(),
        ...(baseUrl ? { baseUrl: checkAuthority(baseUrl) } : {}),
        source: "url",
      });
    } else if (authority) {
      write(PROVIDER_KEY, {
        kind: "oidc",
        authority: checkAuthority(authority),
        clientId: clientId || buildDefault().clientId || "spa",
        source: "url",
      });
    } else {
      write(PROVIDER_KEY, null); // ?reset
    }
  }
  return read(PROVIDER_KEY) ?? buildDefault();
}

export function chooseProvider(provider) {
  if (provider?.kind === "oidc") provider = { ...provider, authority: checkAuthority(provider.authority) };
  write(PROVIDER_KEY, provider ? { ...provider, source: "page" } : null);
}

/** The site of a URL as cookies see it: scheme and the last two host labels (a guess). */
function site(url) {
  const { protocol, hostname } = new URL(url);
  const labels = hostname.split(".");
  return `${protocol}//${/^[\d.]+$/.test(hostname) ? hostname : labels.slice(-2).join(".")}`;
}

/** The provider's host: Descope's regional one, its custom domain, or the issuer's. */
function providerOrigin(provider) {
  if (provider.kind !== "descope") return provider.authority;
  if (provider.baseUrl) return provider.baseUrl;
  const region = provider.projectId.slice(1, -27);
  return `https://api.${region ? `${region}.` : ""}descope.com`;
}

/**
 * How this page should renew with `provider`, and why: the hidden iframe needs the
 * provider's cookie, which browsers keep out of iframes of another site.
 */
export function suggestedRenewal(provider, origin = location.origin) {
  const host = new URL(providerOrigin(provider)).host;
  return site(providerOrigin(provider)) === site(origin)
    ? { mode: "iframe", why: `${host} is on this page's site: its cookie reaches the hidden iframe` }
    : { mode: "refresh", why: `${host} is another site than this page: browsers keep its cookie out of the hidden iframe, so a refresh token renews` };
}

/** "iframe" (prompt=none in a hidden iframe) or "refresh" (offline_access refresh token):
 * the page's switch if used, else what suits the provider. */
export function renewalMode(provider) {
  const chosen = read(RENEWAL_KEY);
  if (chosen === "refresh" || chosen === "iframe") return chosen;
  return provider ? suggestedRenewal(provider).mode : "iframe";
}

export function setRenewalMode(mode) {
  write(RENEWAL_KEY, mode === "refresh" ? "refresh" : "iframe");
}

export function providerLabel(provider) {
  if (provider.kind === "descope") {
    return `Descope · ${provider.projectId}${provider.baseUrl ? ` · ${new URL(provider.baseUrl).host}` : ""}`;
  }
  const local = /^http:\/\/localhost:\d+$/.test(provider.authority);
  return `${local ? "Local provider" : "OpenID Provider"} · ${provider.authority.replace(/^https?:\/\//, "")}`;
}

/** The redirect URIs this page uses: what to register at the provider. */
export function appUris(origin = location.origin) {
  return {
    redirectUri: `${origin}/callback`,
    silentRedirectUri: `${origin}/silent.html`,
    postLogoutRedirectUri: `${origin}/`,
  };
}

/** The options for OidcClient.create / OidcClient.descope. */
export function clientOptions(provider, mode) {
  return {
    ...appUris(),
    // offline_access asks for a refresh token; OpenID Connect grants it only
    // with prompt=consent, which the sign-in button then sends.
    scope: mode === "refresh" ? "openid profile email offline_access" : "openid profile email",
    storage: "session",
    automaticSilentRenew: true,
    // The default lead (60 s) is capped by the library to half the token's
    // life: 30-second tokens renew 15 s before they expire.
    renewBeforeExpirySeconds: 60,
    // Name and email: many providers (this demo's included) release profile
    // claims from userinfo only, not in the ID token.
    loadUserInfo: true,
    ...(provider.kind === "descope"
      ? { projectId: provider.projectId, ...(provider.baseUrl ? { baseUrl: provider.baseUrl } : {}) }
      : { authority: provider.authority, clientId: provider.clientId }),
  };
}

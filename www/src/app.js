// The demo app: sign in with an OpenID Provider through oidc-wasm, show who
// signed in (the verified ID token and userinfo), the access token's life as a
// live countdown, and every event the client emits.

import { OidcClient } from "oidc-wasm";

import {
  clockTime, copyText, countdown, decodeJwt, fingerprint, h, icon, initials, jsonView, logTime, nowSeconds, relative,
} from "./dom.js";
import {
  appUris, buildDefault, chooseProvider, clientOptions, currentProvider, providerLabel, renewalMode, setRenewalMode,
  suggestedRenewal,
} from "./provider.js";
import { clearBanners, setStatus, showError, showNotice } from "./ui.js";

const LOG_KEY = "oidc-wasm-demo:log";
const SIGNOUT_KEY = "oidc-wasm-demo:signing-out";
const LOG_LIMIT = 80;
const LIBRARY_EVENTS = ["expiring", "renewed", "renew_error", "expired", "signed_out"];

const state = {
  provider: null,
  mode: "iframe",
  client: null, // null while the provider is unreachable
  clientMode: null, // the renewal mode the client was made for (its scope)
  session: null,
  userinfo: null,
  busy: null, // the action running: "signin", "renew", "userinfo", "revoke", "signout"
};

const app = () => document.getElementById("app");
let ticker = null;
let logList = null;

// ---------------------------------------------------------------- start

export async function start() {
  try {
    state.provider = currentProvider();
  } catch (error) {
    showError(error, { title: "The provider in the address bar was ignored" });
    state.provider = currentProvider();
  }
  state.mode = renewalMode(state.provider);
  logList = h("ol", { class: "log", "data-testid": "event-log" });
  restoreLog();

  setStatus("loading", "Connecting");
  await connect();

  if (state.client && isCallback()) await completeSignin();
  else if (location.pathname === "/callback") history.replaceState(null, "", "/");

  if (state.client) {
    try {
      state.session = await state.client.getSession();
    } catch (error) {
      showError(error, { title: "Could not read the stored session" });
    }
  }
  if (sessionStorage.getItem(SIGNOUT_KEY)) {
    sessionStorage.removeItem(SIGNOUT_KEY);
    if (!state.session) {
      addLog("app", "back from the provider's sign-out page");
      showNotice("You are signed out, here and at the provider.", { tone: "success" });
    }
  }
  document.getElementById("boot")?.remove();
  render();
}

/** Creates the client (discovery happens here); on failure the page stays usable. */
async function connect() {
  try {
    state.client = await createClient(state.mode);
    state.clientMode = state.mode;
    for (const name of LIBRARY_EVENTS) state.client.on(name, (payload) => onLibraryEvent(name, payload));
    return true;
  } catch (error) {
    state.client = null;
    setStatus("error", "Provider unreachable");
    const where = state.provider.kind === "descope" ? `Descope project ${state.provider.projectId}` : state.provider.authority;
    showError(error, {
      title: `Could not set up sign-in with ${where}`,
      hint:
        state.provider.kind === "oidc" && state.provider.source === "default"
          ? "Is the local provider running? `npm run demo` starts it next to this page."
          : "Check the provider settings below, or go back to the local provider.",
    });
    addLog("error", `${error?.code ?? "error"}: ${error?.message ?? error}`);
    return false;
  }
}

function createClient(mode) {
  const options = clientOptions(state.provider, mode);
  return state.provider.kind === "descope" ? OidcClient.descope(options) : OidcClient.create(options);
}

/** On /callback, or any URL carrying the provider's answer (code or error, with state). */
function isCallback() {
  const params = new URLSearchParams(location.search);
  const answer = (params.has("code") || params.has("error")) && params.has("state");
  return answer || (location.pathname === "/callback" && [...params.keys()].length > 0);
}

async function completeSignin() {
  setStatus("loading", "Verifying");
  const started = performance.now();
  try {
    const session = await state.client.handleRedirectCallback();
    const ms = Math.round(performance.now() - started);
    const alg = decodeJwt(session.idToken)?.header.alg ?? "?";
    addLog("signed_in", `code exchanged, ID token verified (${alg}) in ${ms} ms`);
    clearBanners();
  } catch (error) {
    addLog("error", `sign-in: ${describe(error)}`);
    showError(error, { title: "Sign-in did not complete" });
  } finally {
    // The library removed code and state from the address bar; leave /callback too.
    history.replaceState(null, "", "/");
  }
}

// ---------------------------------------------------------------- events

function onLibraryEvent(name, payload) {
  switch (name) {
    case "expiring":
      addLog(name, `access token expires ${relative(payload.expiresAt - nowSeconds())}, renewing`);
      break;
    case "renewed":
      addLog(name, `new access token ${fingerprint(payload.accessToken)}, valid until ${clockTime(payload.expiresAt * 1000)} · ${via(payload)}`);
      state.session = payload;
      if (!state.busy) render();
      break;
    case "renew_error":
      addLog(name, describe(payload));
      break;
    case "expired":
      addLog(name, "the session reached its expiry without a renewal");
      state.session = null;
      state.userinfo = null;
      render();
      showNotice("Your session expired: the access token could not be renewed in time. Sign in again.");
      break;
    case "signed_out":
      addLog(name, "session removed from this tab");
      state.session = null;
      state.userinfo = null;
      render();
      break;
    default:
      addLog(name, "");
  }
}

function via(session) {
  return session.refreshToken ? "refresh token" : "hidden iframe";
}

function describe(error) {
  const code = error?.code ?? "error";
  const message = String(error?.message ?? error);
  const said = [error?.error, error?.error_description].filter((part) => part && !message.includes(part));
  return `${code}: ${message}${said.length ? ` (${said.join(": ")})` : ""}`;
}

// ---------------------------------------------------------------- actions

async function run(name, fn) {
  if (state.busy) return;
  state.busy = name;
  render();
  try {
    await fn();
  } finally {
    state.busy = null;
    render();
  }
}

function signIn() {
  return run("signin", async () => {
    setRenewalMode(state.mode);
    if (!state.client || state.clientMode !== state.mode) {
      // A new scope (offline_access or not), or the provider was down: a fresh client.
      if (!(await connect())) return;
    }
    clearBanners();
    setStatus("loading", "Redirecting");
    try {
      await state.client.signinRedirect({
        appState: { startedAt: Date.now() },
        ...(state.mode === "refresh" ? { prompt: "consent" } : {}),
      });
      // The browser is leaving for the provider: keep the button busy.
      await new Promise((resolve) => setTimeout(resolve, 5000));
    } catch (error) {
      showError(error, { title: "Could not start the sign-in" });
      addLog("error", `sign-in: ${describe(error)}`);
    }
  });
}

function renewNow() {
  return run("renew", async () => {
    addLog("app", "Renew now: signinSilent()");
    try {
      await state.client.signinSilent(); // `renewed` updates the page
    } catch (error) {
      addLog("error", `renew: ${describe(error)}`);
      showError(error, { title: "Silent renew failed" });
    }
  });
}

function loadUserinfo() {
  return run("userinfo", async () => {
    try {
      state.userinfo = await state.client.getUserInfo();
      addLog("userinfo", `userinfo for ${state.userinfo.sub}${state.userinfo.email ? ` (${state.userinfo.email})` : ""}`);
    } catch (error) {
      addLog("error", `userinfo: ${describe(error)}`);
      showError(error, { title: "Could not load userinfo" });
    }
  });
}

function revoke() {
  return run("revoke", async () => {
    try {
      await state.client.revoke(); // `signed_out` updates the page
      addLog("revoked", "access and refresh tokens revoked at the provider");
      showNotice(
        "Tokens revoked at the provider and removed from this tab. Your sign-in session at the provider is still alive, so signing in again may skip its login form.",
      );
    } catch (error) {
      addLog("error", `revoke: ${describe(error)}`);
      showError(error, { title: "Revocation failed" });
    }
  });
}

function signOut() {
  return run("signout", async () => {
    try {
      sessionStorage.setItem(SIGNOUT_KEY, "1");
      await state.client.signoutRedirect();
      await new Promise((resolve) => setTimeout(resolve, 5000));
    } catch (error) {
      sessionStorage.removeItem(SIGNOUT_KEY);
      addLog("error", `sign-out: ${describe(error)}`);
      showError(error, { title: "Could not sign out at the provider" });
    }
  });
}

// ---------------------------------------------------------------- event log

function restoreLog() {
  let entries = [];
  try {
    entries = JSON.parse(sessionStorage.getItem(LOG_KEY) ?? "[]");
  } catch {
    entries = [];
  }
  for (const entry of entries) logList.prepend(logRow(entry));
}

function addLog(name, detail) {
  const entry = { at: Date.now(), name, detail };
  const row = logRow(entry);
  row.classList.add("is-new");
  row.addEventListener("animationend", () => row.classList.remove("is-new"), { once: true });
  logList.prepend(row);
  while (logList.children.length > LOG_LIMIT) logList.lastElementChild.remove();
  try {
    const entries = JSON.parse(sessionStorage.getItem(LOG_KEY) ?? "[]");
    entries.push(entry);
    sessionStorage.setItem(LOG_KEY, JSON.stringify(entries.slice(-LOG_LIMIT)));
  } catch {
    // storage full or off: the log lives on the page only
  }
}

function logRow({ at, name, detail }) {
  const library = LIBRARY_EVENTS.includes(name);
  return h(
    "li",
    { class: `log-row log-${name.replace(/_/g, "-")}${library ? "" : " log-app"}`, dataset: { event: name } },
    h("time", { datetime: new Date(at).toISOString() }, logTime(at)),
    h("span", { class: "log-name" }, name),
    h("span", { class: "log-detail" }, detail),
  );
}

function logCard() {
  return h(
    "section",
    { class: "card log-card" },
    h(
      "div",
      { class: "card-head" },
      h("h2", null, icon("list"), "Events"),
      h(
        "button",
        {
          class: "link-button",
          type: "button",
          onClick: () => {
            logList.replaceChildren();
            sessionStorage.removeItem(LOG_KEY);
          },
        },
        "Clear",
      ),
    ),
    h("p", { class: "card-sub" }, "What ", h("code", null, "client.on(…)"), " reports: ", LIBRARY_EVENTS.map((n, i) => [i ? ", " : "", h("code", null, n)]), "; the page's own steps in grey."),
    h("div", { class: "log-scroll" }, logList, h("p", { class: "log-empty" }, "Nothing yet. Sign in, then watch the token renew itself.")),
  );
}

// ---------------------------------------------------------------- rendering

function render() {
  if (ticker) clearInterval(ticker);
  ticker = null;
  const signedIn = Boolean(state.session);
  if (state.client) setStatus(signedIn ? "ok" : "idle", signedIn ? "Signed in" : "Signed out");
  app().replaceChildren(...(signedIn ? signedInView(state.session) : signedOutView()));
}

function button(label, iconName, onClick, { kind = "secondary", busy, testid, disabled } = {}) {
  return h(
    "button",
    {
      class: `btn btn-${kind}${busy ? " is-busy" : ""}`,
      type: "button",
      onClick,
      disabled: disabled || Boolean(state.busy),
      "data-testid": testid,
      "aria-busy": busy ? "true" : null,
    },
    busy ? h("span", { class: "btn-spinner", "aria-hidden": "true" }) : icon(iconName),
    label,
  );
}

// ---- signed out

function isLocalProvider(provider) {
  return provider.kind === "oidc" && /^http:\/\/localhost:\d+$/.test(provider.authority);
}

function signedOutView() {
  const provider = state.provider;
  const local = isLocalProvider(provider);
  return [
    h(
      "section",
      { class: "hero" },
      h(
        "div",
        { class: "hero-text" },
        h("p", { class: "eyebrow" }, "OpenID Connect · Rust → WebAssembly"),
        h("h1", null, "Sign in with any OpenID Provider."),
        h(
          "p",
          { class: "lead" },
          "Authorization code with PKCE, ID tokens checked against the provider's own keys with WebCrypto before a single claim is trusted, and sessions that renew themselves before they expire — from one small WebAssembly module.",
        ),
        h(
          "div",
          { class: "hero-actions" },
          button(`Sign in with ${provider.kind === "descope" ? "Descope" : local ? "the local provider" : new URL(provider.authority).host}`, "login", signIn, {
            kind: "primary",
            busy: state.busy === "signin",
            testid: "signin",
          }),
          local ? h("span", { class: "hero-hint" }, "Test user ", h("code", null, "ada"), ", any password.") : null,
        ),
      ),
      renewalChooser(),
    ),
    h("div", { class: "grid" }, h("div", { class: "span-7" }, providerCard()), h("div", { class: "span-5" }, logCard())),
  ];
}

function renewalChooser() {
  const option = (mode, title, text) =>
    h(
      "label",
      { class: `choice${state.mode === mode ? " is-selected" : ""}` },
      h("input", {
        type: "radio",
        name: "renewal",
        value: mode,
        checked: state.mode === mode,
        onChange: () => {
          state.mode = mode;
          setRenewalMode(mode);
          render();
        },
      }),
      h("span", { class: "choice-body" }, h("span", { class: "choice-title" }, title), h("span", { class: "choice-text" }, text)),
    );
  return h(
    "aside",
    { class: "card renewal-card" },
    h("h2", null, icon("refresh"), "How the session renews"),
    h("p", { class: "card-sub" }, "Access tokens here live seconds, not hours, so you can watch the client renew them."),
    h(
      "div",
      { class: "choices", role: "radiogroup" },
      option(
        "iframe",
        "Hidden iframe · prompt=none",
        `Scope openid profile email. Before expiry the client asks the provider again in an invisible iframe, riding on the provider's own sign-in cookie: no long-lived token in the browser. ${
          isLocalProvider(state.provider)
            ? "Works here: the app and the provider are both on localhost, one site."
            : "Needs the provider's cookie inside a third-party frame, which some browsers block."
        }`,
      ),
      option(
        "refresh",
        "Refresh token · offline_access",
        "Adds offline_access, so the sign-in asks for consent (prompt=consent, as OpenID Connect requires). Renewals use the refresh-token grant, rotated every time. The choice for providers on another site, where browsers may block the iframe's cookie.",
      ),
    ),
  );
}

function providerCard() {
  const provider = state.provider;
  const uris = appUris();
  const signedIn = Boolean(state.session);
  const issuer = state.client?.metadata?.issuer;
  const rows = [
    ["Provider", providerLabel(provider)],
    ["Issuer", h("span", { "data-testid": "issuer" }, issuer ?? (provider.kind === "descope" ? provider.projectId : provider.authority))],
    ["Client ID", provider.kind === "descope" ? provider.clientId ?? provider.projectId : provider.clientId],
    [
      "Suggested renewal",
      (({ mode, why }) =>
        h("span", { "data-testid": "suggested-renewal", "data-mode": mode }, `${mode === "refresh" ? "refresh token" : "hidden iframe"}: ${why}`))(
        suggestedRenewal(provider),
      ),
    ],
  ];
  const uriRow = (label, value) => {
    const copy = h("button", { class: "icon-button copy", type: "button", "aria-label": `Copy ${label}`, title: "Copy" }, icon("copy"));
    copy.addEventListener("click", () => copyText(value, copy));
    return h("li", null, h("span", { class: "uri-label" }, label), h("code", { class: "uri" }, value), copy);
  };
  const uriList = h(
    "ul",
    { class: "uris" },
    uriRow("Redirect URI", uris.redirectUri),
    uriRow("Silent renew", uris.silentRedirectUri),
    uriRow("After sign-out", uris.postLogoutRedirectUri),
  );
  if (signedIn) {
    // Signed in: one line, the URIs folded away.
    return h(
      "section",
      { class: "card provider-card is-compact" },
      h(
        "div",
        { class: "provider-line" },
        h("h2", null, icon("key"), "Provider"),
        h("dl", { class: "facts facts-inline" }, rows.map(([k, v]) => h("div", null, h("dt", null, k), h("dd", null, v)))),
      ),
      h("details", { class: "switch" }, h("summary", null, "Redirect URIs to register at the provider"), uriList, h("p", { class: "card-sub" }, "Sign out to switch to another provider.")),
    );
  }
  return h(
    "section",
    { class: "card provider-card" },
    h("div", { class: "card-head" }, h("h2", null, icon("key"), "Provider")),
    h("dl", { class: "facts" }, rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
    h("h3", null, "Register these at the provider"),
    uriList,
    switchForms(),
  );
}

function switchForms() {
  const descopeInput = h("input", { name: "projectId", placeholder: "P2abc…", required: true, autocomplete: "off", spellcheck: "false" });
  const authorityInput = h("input", { name: "authority", type: "url", placeholder: "https://issuer.example", required: true });
  const clientInput = h("input", { name: "clientId", placeholder: "client id", required: true, autocomplete: "off" });
  const use = (provider) => {
    try {
      chooseProvider(provider);
      location.assign("/");
    } catch (error) {
      showError(error, { title: "That provider cannot be used" });
    }
  };
  const defaults = buildDefault();
  return h(
    "details",
    { class: "switch" },
    h("summary", null, "Use another provider"),
    h(
      "form",
      {
        class: "inline-form",
        onSubmit: (e) => {
          e.preventDefault();
          use({ kind: "descope", projectId: descopeInput.value.trim() });
        },
      },
      h("label", null, "Descope project ID", descopeInput),
      h("button", { class: "btn btn-secondary", type: "submit" }, "Use Descope"),
    ),
    h(
      "form",
      {
        class: "inline-form",
        onSubmit: (e) => {
          e.preventDefault();
          use({ kind: "oidc", authority: authorityInput.value.trim(), clientId: clientInput.value.trim() });
        },
      },
      h("label", { class: "grow" }, "Issuer (authority)", authorityInput),
      h("label", null, "Client ID", clientInput),
      h("button", { class: "btn btn-secondary", type: "submit" }, "Use provider"),
    ),
    h(
      "p",
      { class: "card-sub" },
      "Or in the address bar: ",
      h("code", null, "?descope=<ProjectID>"),
      " or ",
      h("code", null, "?authority=…&clientId=…"),
      ". ",
      h("a", { href: "/?reset" }, `Back to ${defaults.kind === "descope" ? "the built-in Descope project" : defaults.authority}`),
      ".",
    ),
  );
}

// ---- signed in

function signedInView(session) {
  return [
    sessionHeader(session),
    h(
      "div",
      { class: "grid" },
      h("div", { class: "span-5" }, claimsCard(session)),
      h("div", { class: "span-7" }, tokenCard(session)),
      h("div", { class: "span-7" }, idTokenCard(session)),
      h("div", { class: "span-5 stack" }, logCard(), userinfoCard()),
      h("div", { class: "span-12" }, providerCard()),
    ),
  ];
}

function displayName(session) {
  const claims = session.claims ?? {};
  const profile = session.profile ?? {};
  return profile.name ?? claims.name ?? profile.preferred_username ?? claims.sub;
}

function sessionHeader(session) {
  const claims = session.claims ?? {};
  const profile = session.profile ?? {};
  const name = displayName(session);
  const email = profile.email ?? claims.email;
  const issuer = String(claims.iss ?? "").replace(/^https?:\/\//, "");
  return h(
    "section",
    { class: "card session-head" },
    h(
      "div",
      { class: "identity" },
      h("div", { class: "avatar", "aria-hidden": "true" }, initials(name)),
      h(
        "div",
        { class: "identity-text" },
        h("div", { class: "identity-name", "data-testid": "user-name" }, name),
        h(
          "div",
          { class: "identity-meta" },
          email ? h("span", { "data-testid": "user-email" }, email) : null,
          email && (profile.email_verified || claims.email_verified) ? h("span", { class: "chip chip-ok" }, icon("check"), "email verified") : null,
        ),
        issuer ? h("div", { class: "identity-issuer" }, "Signed in at ", h("strong", null, issuer), " · authorization code + PKCE") : null,
      ),
    ),
    h(
      "div",
      { class: "actions" },
      button("Renew now", "refresh", renewNow, { busy: state.busy === "renew", testid: "renew-now" }),
      button("Load userinfo", "user", loadUserinfo, { busy: state.busy === "userinfo", testid: "load-userinfo" }),
      button("Revoke", "ban", revoke, { busy: state.busy === "revoke", testid: "revoke" }),
      button("Sign out", "logout", signOut, { kind: "danger", busy: state.busy === "signout", testid: "signout" }),
    ),
  );
}

function claimsCard(session) {
  const claims = session.claims ?? {};
  const profile = session.profile ?? {};
  const keys = [...new Set([...Object.keys(claims), ...Object.keys(profile)])].filter((k) => !PROTOCOL_CLAIMS.has(k));
  const value = (v) => (typeof v === "object" ? JSON.stringify(v) : String(v));
  return h(
    "section",
    { class: "card claims-card" },
    h("div", { class: "card-head" }, h("h2", null, icon("user"), "Who signed in")),
    h(
      "p",
      { class: "card-sub" },
      "The ID token's claims, verified; profile claims this provider releases from userinfo only (",
      h("code", null, "loadUserInfo: true"),
      ").",
    ),
    h(
      "table",
      { class: "claims", "data-testid": "claims" },
      h("thead", null, h("tr", null, h("th", null, "Claim"), h("th", null, "Value"), h("th", null, "Source"))),
      h(
        "tbody",
        null,
        keys.map((k) =>
          h(
            "tr",
            { dataset: { claim: k } },
            h("th", { scope: "row" }, h("code", null, k)),
            h("td", null, value(k in claims ? claims[k] : profile[k])),
            h(
              "td",
              null,
              k in claims
                ? h("span", { class: "chip chip-ok", title: "in the ID token, whose signature was verified" }, icon("shield"), "ID token")
                : h("span", { class: "chip", title: "from the userinfo endpoint (its sub matched)" }, "userinfo"),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Claims about the token itself (shown with the ID token, not as the user's profile). */
const PROTOCOL_CLAIMS = new Set(["iss", "aud", "azp", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "s_hash", "sid", "auth_time", "jti", "acr", "amr"]);

function tokenCard(session) {
  const lifetime = Math.max(1, session.expiresAt - (session.issuedAt || session.expiresAt - 60));
  const lead = Math.min(60, Math.floor(lifetime / 2));
  const renewAt = session.expiresAt - lead;
  const big = h("div", { class: "countdown", "data-testid": "countdown" }, "–:––");
  const bar = h("div", { class: "bar-fill" });
  const renewText = h("span", null, "");
  const marker = h("div", { class: "bar-marker", style: `left:${((lifetime - lead) / lifetime) * 100}%`, title: "automatic renew" });
  const tick = () => {
    const left = session.expiresAt - nowSeconds();
    big.textContent = left > 0 ? countdown(left) : "expired";
    big.classList.toggle("is-low", left <= lead);
    bar.style.width = `${Math.max(0, Math.min(1, left / lifetime)) * 100}%`;
    const untilRenew = renewAt - nowSeconds();
    renewText.textContent = untilRenew > 0.5 ? `${clockTime(renewAt * 1000)} (${relative(untilRenew)})` : "due now";
  };
  tick();
  ticker = setInterval(tick, 250);
  return h(
    "section",
    { class: "card token-card" },
    h(
      "div",
      { class: "card-head" },
      h("h2", null, icon("clock"), "Access token"),
      h("span", { class: "chip chip-accent", "data-testid": "renewal-via" }, icon("refresh"), `renews via ${via(session)}`),
    ),
    h("div", { class: "countdown-wrap" }, big, h("div", { class: "countdown-label" }, "until it expires")),
    h("div", { class: "bar", role: "presentation" }, bar, marker),
    h(
      "dl",
      { class: "facts facts-grid" },
      h("div", null, h("dt", null, "Expires at"), h("dd", null, clockTime(session.expiresAt * 1000))),
      h("div", null, h("dt", null, "Automatic renew"), h("dd", null, renewText)),
      h("div", null, h("dt", null, "Token"), h("dd", null, h("code", null, fingerprint(session.accessToken)), " · ", session.tokenType)),
      h("div", null, h("dt", null, "Refresh token"), h("dd", null, session.refreshToken ? h("code", null, fingerprint(session.refreshToken)) : "none (iframe renew)")),
      h("div", { class: "wide" }, h("dt", null, "Scope"), h("dd", null, String(session.scope ?? "").split(" ").filter(Boolean).map((s) => h("span", { class: "chip" }, s)))),
    ),
  );
}

function idTokenCard(session) {
  const decoded = decodeJwt(session.idToken);
  const head = h(
    "div",
    { class: "card-head" },
    h("h2", null, icon("shield"), "ID token"),
    h("span", { class: "chip chip-ok", "data-testid": "signature-verified" }, icon("check"), "signature verified"),
  );
  if (!decoded) {
    return h("section", { class: "card" }, head, h("p", { class: "card-sub" }, "This session holds no ID token."), jsonView(session.claims));
  }
  const { header, payload, parts } = decoded;
  const annotate = (key, value) => {
    if (["exp", "iat", "auth_time", "nbf"].includes(key) && typeof value === "number") {
      return `${clockTime(value * 1000)} (${relative(value - nowSeconds())})`;
    }
    return null;
  };
  const short = (s, n) => (s.length > n ? `${s.slice(0, n)}…` : s);
  return h(
    "section",
    { class: "card idtoken-card" },
    head,
    h(
      "p",
      { class: "card-sub verified-line" },
      "The ",
      h("code", null, header.alg),
      " signature was checked with WebCrypto against ",
      header.kid ? ["key ", h("code", null, short(header.kid, 12)), " of "] : null,
      "the provider's JWKS, then ",
      ["iss", "aud", "azp", "exp", "iat", "nonce"].map((c, i, all) => [i ? (i === all.length - 1 ? " and " : ", ") : "", h("code", null, c)]),
      ", before the session was stored.",
    ),
    h(
      "div",
      { class: "jwt", title: "header.payload.signature" },
      h("span", { class: "jwt-header" }, short(parts[0], 36)),
      ".",
      h("span", { class: "jwt-payload" }, short(parts[1], 96)),
      ".",
      h("span", { class: "jwt-signature" }, short(parts[2], 36)),
    ),
    h(
      "div",
      { class: "jwt-parts" },
      h("div", { class: "pane pane-header" }, h("div", { class: "pane-title" }, "Header"), jsonView(header)),
      h("div", { class: "pane pane-payload" }, h("div", { class: "pane-title" }, "Payload · verified claims"), jsonView(payload, { annotate })),
    ),
  );
}

function userinfoCard() {
  return h(
    "section",
    { class: "card userinfo-card", "data-testid": "userinfo" },
    h("div", { class: "card-head" }, h("h2", null, icon("user"), "Userinfo")),
    state.userinfo
      ? [
          h("p", { class: "card-sub" }, "Fetched with the access token; its ", h("code", null, "sub"), " matched the ID token's."),
          jsonView(state.userinfo),
        ]
      : h("p", { class: "card-sub" }, "Press ", h("strong", null, "Load userinfo"), " to call the provider's userinfo endpoint with the access token."),
  );
}

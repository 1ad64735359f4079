// A React app under StrictMode signing in with oidc-wasm/react against the local
// provider (run.mjs builds it with VITE_OIDC_AUTHORITY set). Plain createElement, no
// JSX: Vite builds it with no configuration and no plugin.
import { OidcClient } from "oidc-wasm";
import { AuthProvider, useAuth } from "oidc-wasm/react";
import { StrictMode, createElement as h, useEffect } from "react";
import { createRoot } from "react-dom/client";

// What the test reads besides the page: how often this page created a client and
// redeemed a callback (counted on the shared class, which oidc-wasm/react uses too), how
// often StrictMode ran an effect, and onRedirectCallback's calls.
const seen = (window.__seen = { creates: 0, callbacks: 0, effects: 0, redirects: [], failures: [] });
const create = OidcClient.create;
OidcClient.create = (options) => (seen.creates++, create(options));
const handle = OidcClient.prototype.handleRedirectCallback;
OidcClient.prototype.handleRedirectCallback = function (url) {
  seen.callbacks++;
  return handle.call(this, url);
};

const options = {
  authority: import.meta.env.VITE_OIDC_AUTHORITY,
  clientId: "spa",
  redirectUri: location.origin + "/callback",
  postLogoutRedirectUri: location.origin + "/",
  scope: "openid profile",
};

function App() {
  const { session, isLoading, error, signinRedirect, signinPopup, getAccessToken } = useAuth();
  useEffect(() => {
    seen.effects++;
  }, []);
  const status = isLoading ? "loading" : error ? "error" : session ? "signed-in" : "signed-out";
  useEffect(() => {
    document.body.dataset.status = status;
    if (error) document.body.dataset.errorCode = String(error.code ?? error.name);
  }, [status, error]);
  return h(
    "main",
    null,
    h("p", null, "status: ", h("output", { id: "status" }, status)),
    error && h("p", { id: "error" }, `${error.code}: ${error.message}`),
    session
      ? h(
          "p",
          null,
          "signed in as ",
          h("output", { id: "sub" }, session.claims.sub),
          h("button", { id: "token", onClick: () => getAccessToken().then((token) => (document.body.dataset.tokenIsSessions = String(token === session.accessToken)), fail) }, "Access token"),
        )
      : h(
          "p",
          null,
          h("button", { id: "signin", disabled: isLoading, onClick: () => signinRedirect({ appState: { returnTo: "/account" } }).catch(fail) }, "Sign in"),
          // signinPopup straight from the click: the popup opens before any await.
          h("button", { id: "popup", disabled: isLoading, onClick: () => signinPopup().catch(fail) }, "Sign in with a popup"),
        ),
  );
}

function fail(error) {
  seen.failures.push(`${error.code ?? error.name}: ${error.message}`);
}

function onRedirectCallback(session) {
  seen.redirects.push(location.href); // the address bar as the library left it
  history.replaceState(null, "", session.appState?.returnTo ?? "/");
}

createRoot(document.getElementById("root")).render(
  h(StrictMode, null, h(AuthProvider, { options, onRedirectCallback, callbackPath: "/callback" }, h(App))),
);

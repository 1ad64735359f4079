// oidc-wasm/react: <AuthProvider> and useAuth() for React 18 and 19. React is a peer
// dependency of this entry only; the main entry (./index.js, shared, not copied here)
// never imports it.
//
// StrictMode runs effects twice and mounts, unmounts and mounts again. Neither may
// redeem the callback's code twice nor leave two clients renewing the same session:
// - the callback is handled once per page load, by URL, at module level (`callbacks`);
// - the client lives in a ref that survives StrictMode's remount; an unmount frees it one
//   task later, unless the same component mounts again before then (StrictMode, <Activity>).
import { createContext, createElement, useContext, useEffect, useMemo, useRef, useState } from "react";

import { OidcClient } from "./index.js";

const AuthContext = createContext(null);

/** The callbacks this page load handled, by URL, each `{ promise, delivered }`. */
const callbacks = new Map();
/** The latest of them: a provider mounted after the address bar was cleaned waits for it. */
let lastCallback;

function oidcError(code, message) {
  const error = new Error(message);
  error.name = "OidcError";
  error.code = code;
  return error;
}

function createClient({ options, descope }) {
  if (!options === !descope) {
    return Promise.reject(oidcError("invalid_config", "<AuthProvider> takes exactly one of `options` and `descope`"));
  }
  return descope ? OidcClient.descope(descope) : OidcClient.create(options);
}

/** `code` or `error`, plus `state`, in the query or the fragment (response_mode fragment). */
function isCallback(url, callbackPath) {
  if (callbackPath !== undefined && url.pathname !== callbackPath) return false;
  const answers = (params) => (params.has("code") || params.has("error")) && params.has("state");
  return answers(url.searchParams) || answers(new URLSearchParams(url.hash.slice(1)));
}

/**
 * The silent-renew iframe and the sign-in popup land on the app too, and their parent or
 * opener reads the address: the app inside must neither redeem the code nor clean the URL.
 */
function answersAnotherWindow() {
  if (window.parent !== window) return true;
  try {
    return window.opener != null && window.opener.location.origin === location.origin;
  } catch {
    return false; // an opener on another origin: not our sign-in popup
  }
}

/** The callback at `href`, handled once whatever React re-runs. */
function handleCallbackOnce(client, href) {
  let entry = callbacks.get(href);
  if (!entry) {
    entry = { promise: client.handleRedirectCallback(href), delivered: false };
    callbacks.set(href, entry);
  }
  lastCallback = entry;
  return entry;
}

/**
 * Provides the session to useAuth(). Props: `options` (OidcClient.create) or `descope`
 * (OidcClient.descope), read once per mount (give the provider a new `key` to change
 * them); `onRedirectCallback(session)`, called once after a sign-in callback; `callbackPath`,
 * the only path whose URL is taken as a callback (default: any URL with `code` or `error`,
 * plus `state`, in the query or the fragment).
 */
export function AuthProvider({ options, descope, onRedirectCallback, callbackPath, children }) {
  const setup = useRef(null);
  setup.current ??= { options, descope, callbackPath };
  const redirected = useRef(onRedirectCallback);
  // { promise, client, release }: one client per mount of this component.
  const holder = useRef(null);
  const [state, setState] = useState({ session: null, isLoading: true, error: null, client: null });

  useEffect(() => {
    redirected.current = onRedirectCallback;
  });

  useEffect(() => {
    let live = true;
    const offs = [];
    const update = (patch) => live && setState((now) => ({ ...now, ...patch }));
    const url = new URL(location.href);
    const callback = isCallback(url, setup.current.callbackPath);
    if (callback && answersAnotherWindow()) return undefined; // the parent or opener finishes it

    let held = holder.current;
    if (held) {
      clearTimeout(held.release); // mounted again (StrictMode): keep the client
    } else {
      held = holder.current = { promise: createClient(setup.current), client: null, release: undefined };
      held.promise.then(
        (client) => (held.client = client),
        () => {},
      );
    }

    held.promise.then(
      async (client) => {
        if (!live) return;
        let changed = false; // an event's session is newer than the one read below
        const set = (session) => {
          changed = true;
          update({ session });
        };
        offs.push(
          client.on("renewed", set),
          client.on("signed_out", () => set(null)),
          client.on("expired", () => set(null)),
        );
        update({ client });
        let session = null;
        let error = null;
        let deliver = false;
        try {
          if (callback) {
            const entry = handleCallbackOnce(client, url.href);
            session = await entry.promise;
            deliver = live && !entry.delivered;
            if (deliver) entry.delivered = true;
          } else {
            await lastCallback?.promise.catch(() => {});
            session = await client.getSession();
          }
        } catch (failure) {
          error = failure;
          session = await client.getSession().catch(() => null);
        }
        if (!live) return;
        update(changed ? { error, isLoading: false } : { session, error, isLoading: false });
        if (deliver) redirected.current?.(session);
      },
      (error) => update({ error, isLoading: false }),
    );

    return () => {
      live = false;
      for (const off of offs) off();
      held.release = setTimeout(() => {
        if (holder.current === held) holder.current = null;
        held.promise.then(
          (client) => client.free(),
          () => {},
        );
      }, 0);
    };
  }, []);

  const actions = useMemo(() => {
    const ready = () =>
      holder.current?.promise ??
      Promise.reject(oidcError("unsupported", "<AuthProvider> has no client here (unmounted, or a silent-renew iframe or sign-in popup)"));
    const signedIn = (session) => {
      setState((now) => ({ ...now, session, error: null }));
      return session;
    };
    return {
      signinRedirect: (options) => ready().then((client) => client.signinRedirect(options)),
      // No await before client.signinPopup(): the popup must open inside the click.
      signinPopup: (options) => {
        const client = holder.current?.client;
        const done = client ? client.signinPopup(options) : ready().then((later) => later.signinPopup(options));
        return done.then(signedIn);
      },
      signoutRedirect: (options) => ready().then((client) => client.signoutRedirect(options)),
      getAccessToken: (options) => ready().then((client) => client.getAccessToken(options)),
    };
  }, []);

  const value = useMemo(() => ({ ...state, ...actions }), [state, actions]);
  return createElement(AuthContext.Provider, { value }, children);
}

/**
 * `{ session, isLoading, error, client, signinRedirect, signinPopup, signoutRedirect,
 * getAccessToken }` of the nearest <AuthProvider>.
 */
export function useAuth() {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth() is used outside <AuthProvider>: wrap the app in <AuthProvider> from oidc-wasm/react");
  return auth;
}

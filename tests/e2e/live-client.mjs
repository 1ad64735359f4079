// One long-lived OidcClient in the page, the way an app holds one: created
// once, every event it emits recorded, its methods called by name.
//
// app-driver.mjs's `call` creates a new client for every call: fine for one-shot
// calls, wrong for renew tests, since every client created with
// automaticSilentRenew schedules renewals of its own.
//
// In the page, `window.__e2e` holds:
//   client        the client
//   events        [{ name, at (ms), accessToken, refreshToken, expiresAt, sub,
//                    profile, error: { code, error, message, isError },
//                    storedAccessToken, storedRefreshToken (read from storage in
//                    the listener), iframesNow, iframesLater (after a 0 ms timer) }]
//   iframesAdded  how many <iframe> elements were ever added to the document
//   polls         getSession() polling (startPolling): { count, nulls: [ms], errors }
// and sessionStorage["e2e:events"] keeps [{ name, at, sessionStored }] across
// navigations (e.g. `signed_out` just before signoutRedirect leaves the page).

import assert from "node:assert/strict";

import { expectOk, signinToCallback } from "./app-driver.mjs";

export const EVENT_NAMES = ["renewed", "renew_error", "expiring", "expired", "signed_out"];

/** Creates the page's client (window.__e2e.client) and records its events. */
export async function startClient(page, options) {
  const failure = await page.evaluate(
    async ({ options, names }) => {
      const e2e = {
        client: null,
        events: [],
        iframesAdded: 0,
        polls: { count: 0, nulls: [], errors: [], timer: null },
        // A rejection as a plain object (what app-driver.mjs's `call` returns too).
        plainError: (err) => ({
          isError: err instanceof Error,
          name: err?.name,
          message: err?.message ?? String(err),
          code: err?.code,
          error: err?.error,
          error_description: err?.error_description,
          status: err?.status,
          thirdPartyCookiesLikely: err?.thirdPartyCookiesLikely,
        }),
      };
      window.__e2e = e2e;
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) if (node.nodeName === "IFRAME") e2e.iframesAdded += 1;
        }
      }).observe(document.documentElement, { childList: true, subtree: true });

      const storedSession = () => {
        for (const area of [sessionStorage, localStorage]) {
          for (const key of Object.keys(area)) {
            if (key.startsWith("oidc-wasm:session:")) {
              try {
                return JSON.parse(area.getItem(key));
              } catch {
                return { unparsable: true };
              }
            }
          }
        }
        return null;
      };

      try {
        e2e.client = await window.oidcWasm.OidcClient.create(options);
      } catch (err) {
        return `${err?.code}: ${err?.message ?? err}`;
      }
      for (const name of names) {
        e2e.client.on(name, (payload) => {
          const stored = storedSession();
          const entry = {
            name,
            at: Date.now(),
            payloadIsNull: payload === null,
            iframesNow: document.querySelectorAll("iframe").length,
            storedAccessToken: stored?.accessToken,
            storedRefreshToken: stored?.refreshToken,
          };
          if (payload && typeof payload === "object" && "accessToken" in payload) {
            entry.accessToken = payload.accessToken;
            entry.refreshToken = payload.refreshToken;
            entry.expiresAt = payload.expiresAt;
            entry.sub = payload.claims?.sub;
            entry.profile = payload.profile;
          }
          if (payload instanceof Error || (payload && typeof payload === "object" && "code" in payload)) {
            entry.error = {
              isError: payload instanceof Error,
              code: payload.code,
              error: payload.error,
              message: payload.message,
            };
          }
          e2e.events.push(entry);
          setTimeout(() => {
            entry.iframesLater = document.querySelectorAll("iframe").length;
          }, 0);
          try {
            const log = JSON.parse(sessionStorage.getItem("e2e:events") ?? "[]");
            log.push({ name, at: entry.at, sessionStored: stored !== null });
            sessionStorage.setItem("e2e:events", JSON.stringify(log));
          } catch {
            // storage full or blocked: the in-memory record is enough
          }
        });
      }
      return null;
    },
    { options, names: EVENT_NAMES },
  );
  if (failure) throw new Error(`OidcClient.create rejected: ${failure}`);
}

/** `client[method](...args)` on the page's client: { ok: true, value } or { ok: false, error }. */
export function clientCall(page, method, ...args) {
  return page.evaluate(
    async ({ method, args }) => {
      const e2e = window.__e2e;
      try {
        return { ok: true, value: await e2e.client[method](...args) };
      } catch (err) {
        return { ok: false, error: e2e.plainError(err) };
      }
    },
    { method, args },
  );
}

/** `count` calls of `client[method]()` started together; their outcomes, in order. */
export function clientCallConcurrently(page, method, count) {
  return page.evaluate(
    async ({ method, count }) => {
      const e2e = window.__e2e;
      const calls = Array.from({ length: count }, () => e2e.client[method]());
      const settled = await Promise.allSettled(calls);
      return settled.map((s) => (s.status === "fulfilled" ? { ok: true, value: s.value } : { ok: false, error: e2e.plainError(s.reason) }));
    },
    { method, count },
  );
}

/**
 * Sign-in as an app does it: signinRedirect, provider, callback page; there the
 * page's client is created (startClient) and handles the callback. Returns the session.
 */
export async function signInLive(page, options, signinOptions = {}) {
  await signinToCallback(page, options, signinOptions);
  await startClient(page, options);
  return expectOk(await clientCall(page, "handleRedirectCallback"), "handleRedirectCallback");
}

export function recordedEvents(page, name) {
  return page.evaluate((name) => window.__e2e.events.filter((e) => !name || e.name === name), name);
}

/** Waits until the page's client emitted `name` at least `count` times. */
export async function waitForEvents(page, name, count, timeoutMs) {
  try {
    await page.waitForFunction(
      ({ name, count }) => window.__e2e.events.filter((e) => e.name === name).length >= count,
      { name, count },
      { timeout: timeoutMs, polling: 100 },
    );
  } catch (err) {
    const seen = await recordedEvents(page).catch(() => []);
    const summary = seen.map((e) => `${e.name}${e.error ? `(${e.error.code}/${e.error.error})` : ""}@${e.at}`);
    throw new Error(`waited ${timeoutMs} ms for ${count} "${name}" events; saw: ${summary.join(", ") || "none"} (${err.message.split("\n")[0]})`);
  }
}

/** Calls getSession() on the page's client every `intervalMs`, recording nulls. */
export function startPolling(page, intervalMs = 250) {
  return page.evaluate((intervalMs) => {
    const { client, polls } = window.__e2e;
    polls.timer = setInterval(() => {
      const at = Date.now();
      client.getSession().then(
        (session) => {
          polls.count += 1;
          if (session === null) polls.nulls.push(at);
        },
        (err) => polls.errors.push(String(err?.message ?? err)),
      );
    }, intervalMs);
  }, intervalMs);
}

/** Stops the polling; returns { count, nulls, errors }. */
export function stopPolling(page) {
  return page.evaluate(() => {
    const { polls } = window.__e2e;
    clearInterval(polls.timer);
    return { count: polls.count, nulls: [...polls.nulls], errors: [...polls.errors] };
  });
}

export function iframeCount(page) {
  return page.evaluate(() => document.querySelectorAll("iframe").length);
}

export function iframesAdded(page) {
  return page.evaluate(() => window.__e2e.iframesAdded);
}

/** The session the library stored (first `oidc-wasm:session:*` key), parsed, or null. */
export function storedSession(page) {
  return page.evaluate(() => {
    for (const [areaName, area] of [["session", sessionStorage], ["local", localStorage]]) {
      for (const key of Object.keys(area)) {
        if (key.startsWith("oidc-wasm:session:")) return { area: areaName, key, value: JSON.parse(area.getItem(key)) };
      }
    }
    return null;
  });
}

/** Rewrites fields of the stored session in place (e.g. a broken accessToken). */
export async function patchStoredSession(page, patch) {
  const found = await page.evaluate((patch) => {
    for (const area of [sessionStorage, localStorage]) {
      for (const key of Object.keys(area)) {
        if (key.startsWith("oidc-wasm:session:")) {
          area.setItem(key, JSON.stringify({ ...JSON.parse(area.getItem(key)), ...patch }));
          return key;
        }
      }
    }
    return null;
  }, patch);
  assert.ok(found, "no oidc-wasm:session:* key in storage to patch");
  return found;
}

/** sessionStorage["e2e:events"]: [{ name, at, sessionStored }], kept across navigations. */
export function persistedEvents(page) {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem("e2e:events") ?? "[]"));
}

export function summarise(events) {
  return events
    .map((e) => `${e.name}${e.error ? `(${e.error.code}/${e.error.error ?? ""})` : ""}@${e.at}`)
    .join(", ");
}

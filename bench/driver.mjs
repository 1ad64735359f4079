// One library's share of one round: a fresh browser context (empty cache,
// cookies and storage), then these steps in order (the runner alternates the
// libraries step by step, so that A and B of a step run seconds apart at most):
//
//   ready         load `/`: navigation start -> client usable (library loaded,
//                 wasm compiled and instantiated, provider metadata fetched);
//                 also the bytes the network carried for /lib/ files
//   callback      signinRedirect (scope "openid profile email"), provider
//                 (autoLogin), back on /callback: start of the /callback request
//                 (Navigation Timing fetchStart, after the provider's redirects)
//                 -> session in hand (oidc-wasm: ID token signature verified)
//   verify        the same fresh ID token checked again and again in the page
//   silentIframe  signinSilent() with no refresh token: hidden iframe, prompt=none
//   offlineSignin load `/?flow=offline`, sign in with offline_access + prompt=consent
//   silentRefresh signinSilent() holding a refresh token: refresh_token grant
//
// The pages speak the protocol described in pages/oidc-wasm/index.html
// (window.benchState, window.bench). The provider's request counters tell which
// path a silent renew really took; a renew on the wrong path is an error.
// A failed step fails the steps that need it; no step throws.

import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import { LIB_COOKIE } from "./server.mjs";

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits until the page at `pathname` has finished its script (or failed); returns its benchState. */
async function pageState(page, pathname, timeoutMs) {
  await page.waitForFunction(
    (path) => location.pathname === path && window.benchState && (window.benchState.done || window.benchState.error),
    pathname,
    { timeout: timeoutMs },
  );
  const state = await page.evaluate(() => window.benchState);
  if (state.error) throw new Error(`page ${pathname}: ${state.error}`);
  return state;
}

const MARK_NAMES = {
  libraryLoaded: "library script evaluated",
  initialised: "library initialised (wasm compiled + instantiated)",
  ready: "client ready",
  callback: "session in hand",
};

/**
 * A page's timeline: { event: { start, end } } in ms since `origin` (a
 * performance.now() time of the page), from its fetches (Resource Timing; the
 * first of each name) and its marks (points: start = end).
 */
function timeline(state, origin = 0) {
  const events = {};
  for (const { name, start, end } of state.resources ?? []) events[name] ??= { start: start - origin, end: end - origin };
  for (const [key, label] of Object.entries(MARK_NAMES)) {
    const at = state.marks[key];
    if (key === "initialised" && at === state.marks.libraryLoaded) continue; // no init step
    if (Number.isFinite(at)) events[label] = { start: at - origin, end: at - origin };
  }
  return events;
}

/** Calls window.bench.signin() and waits for the callback page to hold a session. */
async function signIn(page, timeoutMs) {
  const landed = page.waitForURL((url) => url.pathname === "/callback", { timeout: timeoutMs });
  landed.catch(() => {}); // awaited below
  const started = page
    .evaluate(() =>
      window.bench.signin().then(
        () => null,
        (err) => `signinRedirect rejected: ${err?.code ?? ""} ${err?.message ?? err}`,
      ),
    )
    .catch((err) => {
      // The navigation it starts tears the page's context down under us.
      if (/context was destroyed|navigat|Target closed/i.test(err.message)) return null;
      throw err;
    });
  const failure = await Promise.race([started, landed.then(() => null)]);
  if (failure) throw new Error(failure);
  await landed;
  return pageState(page, "/callback", timeoutMs);
}

/** Runs window.bench.silent() and checks with the provider's counters which path it took. */
async function silentRenew(page, op, expected) {
  op.stats.reset();
  const result = await page.evaluate(() => window.bench.silent());
  const { requests, token } = op.stats.counts;
  const authorize = requests["/auth"] ?? 0;
  const byGrant = token.byGrantType;
  const path =
    authorize > 0 && byGrant.authorization_code > 0 && !byGrant.refresh_token
      ? "iframe"
      : authorize === 0 && byGrant.refresh_token > 0 && !byGrant.authorization_code
        ? "refresh"
        : `unclear (${JSON.stringify({ requests, byGrantType: byGrant })})`;
  if (path !== expected) throw new Error(`silent renew took the ${path} path, expected ${expected}`);
  if (expected === "refresh" && !result.heldRefreshToken) throw new Error("no refresh token was held");
  if (expected === "iframe" && result.heldRefreshToken) throw new Error("a refresh token was held");
  return result.ms;
}

/** The steps of a round, in order; each names the steps it needs. */
export const STEPS = [
  { name: "ready", needs: [] },
  { name: "callback", needs: ["ready"] },
  { name: "verify", needs: ["callback"] },
  { name: "silentIframe", needs: ["callback"] },
  { name: "offlineSignin", needs: ["ready"] },
  { name: "silentRefresh", needs: ["offlineSignin"] },
];

/**
 * Opens one library's fresh browser context for a round. The runner calls
 * `runStep(name)` for each of STEPS in order (alternating libraries step by
 * step), then `finish()`, which closes the context and returns
 * { samples: { network, ready, callback, verify, silentIframe, silentRefresh },
 *   extras: { readyTimeline, callbackTimeline (see timeline()), providerRedirects, verifyCount,
 *             verifyReference, importAndVerifyReference, alg },
 *   libraryUrls: [path], errors: { step: message } }.
 */
export async function openLibraryRound({ browser, lib, appUrl, op, verify, timeoutMs, screenshotDir }) {
  const samples = {};
  const extras = {};
  const errors = {};
  let libraryUrls = [];
  const logs = [];

  const context = await browser.newContext();
  await context.addCookies([{ name: LIB_COOKIE, value: lib, url: appUrl }]);
  const page = await context.newPage();
  page.on("console", (msg) => logs.push(`[console.${msg.type()}] ${msg.text()}`));
  page.on("pageerror", (err) => logs.push(`[pageerror] ${err.message}`));

  const steps = {
    async ready() {
      const transfers = [];
      const onFinished = (request) => {
        const { pathname, origin } = new URL(request.url());
        if (origin === appUrl && pathname.startsWith("/lib/")) {
          transfers.push(request.sizes().then((sizes) => ({ pathname, bytes: sizes.responseBodySize })));
        }
      };
      page.on("requestfinished", onFinished);
      const firstLog = logs.length;
      try {
        await page.goto(`${appUrl}/?flow=plain`, { timeout: timeoutMs });
        const state = await pageState(page, "/", timeoutMs);
        // wasm-bindgen's glue warns when it falls back from streaming instantiation.
        const fallback = logs.slice(firstLog).find((line) => line.includes("instantiateStreaming"));
        if (fallback) throw new Error(`not a streaming instantiation: ${fallback}`);
        samples.ready = state.marks.ready;
        extras.readyTimeline = timeline(state);
      } finally {
        page.off("requestfinished", onFinished);
      }
      const seen = await Promise.all(transfers);
      libraryUrls = [...new Set(seen.map((t) => t.pathname))].sort();
      if (seen.length === 0) throw new Error("the page fetched no /lib/ file");
      samples.network = seen.reduce((sum, t) => sum + t.bytes, 0);
    },

    async callback() {
      const state = await signIn(page, timeoutMs);
      // The callback document's timeOrigin is the start of the signinRedirect
      // navigation: the provider's redirects belong to the same navigation. Count
      // from the start of the /callback request instead (Navigation Timing).
      samples.callback = state.marks.callback - state.fetchStart;
      extras.providerRedirects = state.fetchStart;
      extras.callbackTimeline = timeline(state, state.fetchStart);
    },

    async verify() {
      const result = await page.evaluate(({ minCount, minMs }) => window.bench.verify(minCount, minMs), verify);
      samples.verify = result.perTokenMs;
      extras.verifyCount = result.count;
      extras.alg = result.alg;
      const reference = await page.evaluate(
        ({ minCount, minMs }) => window.bench.verifyReference?.(minCount, minMs) ?? null,
        verify,
      );
      if (reference) {
        extras.verifyReference = reference.verifyOnly;
        extras.importAndVerifyReference = reference.importAndVerify;
      }
    },

    async silentIframe() {
      samples.silentIframe = await silentRenew(page, op, "iframe");
    },

    async offlineSignin() {
      await page.goto(`${appUrl}/?flow=offline`, { timeout: timeoutMs });
      await pageState(page, "/", timeoutMs);
      const state = await signIn(page, timeoutMs);
      if (!state.session?.hasRefreshToken) {
        throw new Error(`no refresh token after signing in with offline_access (scope ${state.session?.scope})`);
      }
    },

    async silentRefresh() {
      samples.silentRefresh = await silentRenew(page, op, "refresh");
    },
  };

  const failed = new Set();
  return {
    lib,
    /** Runs one step; a failure is recorded (with the page's last console lines), never thrown. */
    async runStep(name) {
      const { needs } = STEPS.find((step) => step.name === name);
      const missing = needs.find((need) => failed.has(need));
      if (missing) {
        failed.add(name);
        errors[name] = `skipped: ${missing} failed`;
        return;
      }
      try {
        await withTimeout(steps[name](), timeoutMs, `${lib} ${name}`);
      } catch (err) {
        failed.add(name);
        const tail = logs.slice(-8).join("\n");
        errors[name] = `${err?.message ?? err}${tail ? `\n${tail}` : ""}`;
        if (screenshotDir) {
          await mkdir(screenshotDir, { recursive: true }).catch(() => {});
          await page.screenshot({ path: join(screenshotDir, `${lib}-${name}.png`), timeout: 5000 }).catch(() => {});
        }
      }
    },
    async finish() {
      await context.close().catch(() => {});
      return { samples, extras, libraryUrls, errors };
    },
  };
}

// Silent renew through a refresh token, phase by phase, for a time lever by hand (see
// bench/size-levers.md, section 7):
//
//   node bench/renew-phases.mjs <pkgA> [<pkgB> ...] [--rounds 12] [--renews 3] [--profile]
//
// Each round opens the bench page (bench/pages) once per build and once for
// oidc-client-ts, in a fresh browser context, signs in with offline_access and calls
// `signinSilent()` `--renews` times; the first is the one `npm run bench` times. `fetch`,
// `navigator.locks.request` and its grant, WebCrypto's `verify` and `setItem` are wrapped
// in the page, so each renewal splits into: before the lock request, the wait for the
// lock, up to the token request, the request, and after its answer. `--profile` adds a
// CPU profile of the first renewals (self time by function, per round);
// `--chromium-arg` passes a flag to the browser (e.g. `--js-flags=--no-wasm-lazy-compilation`,
// repeatable). Prints medians; writes nothing.

import { startProvider } from "../provider/op.mjs";
import { launchChromium } from "../tests/support/local.mjs";
import { benchConfig, byHandArgs, eachRound, median, printSelfTimes, variantsOf, waitDone } from "./by-hand.mjs";

const { values, pkgDirs } = byHandArgs(
  "node bench/renew-phases.mjs <pkgA> [<pkgB> ...] [--rounds N] [--renews N] [--profile] [--chromium-arg FLAG]",
  {
    rounds: { type: "string", default: "12" },
    renews: { type: "string", default: "3" },
    profile: { type: "boolean", default: false },
  },
);
const rounds = Number(values.rounds);
const renews = Number(values.renews);
const APP_PORT = 8411;
const appOrigin = `http://localhost:${APP_PORT}`;
const variants = variantsOf(pkgDirs);

/** In the page: wraps the calls that mark a renewal's phases (once per page). */
function wrapPage() {
  const mark = (what) => window.__phases?.push([what, performance.now()]);
  const locks = navigator.locks;
  if (locks) {
    const request = locks.request.bind(locks);
    locks.request = (...args) => {
      mark("lock requested");
      const callback = args.pop();
      return request(...args, (lock) => (mark("lock granted"), callback(lock)));
    };
  }
  const fetch = window.fetch;
  window.fetch = (input, init) => {
    const token = String(input?.url ?? input).endsWith("/token");
    if (token) mark("token request");
    return fetch(input, init).then((response) => (token && mark("token answer"), response));
  };
  const verify = crypto.subtle.verify.bind(crypto.subtle);
  crypto.subtle.verify = (...args) => (mark("verify"), verify(...args));
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (...args) {
    mark("stored");
    return setItem.apply(this, args);
  };
}

/** In the page: one `window.bench.silent()`, with its marks in ms from its start. */
async function renewOnce() {
  window.__phases = [];
  const t0 = performance.now();
  const result = await window.bench.silent();
  const total = performance.now() - t0;
  const at = Object.fromEntries(window.__phases.map(([what, t]) => [what, t - t0]).reverse());
  window.__phases = null;
  return { ms: result.ms, total, at };
}

const samples = variants.map(() => Array.from({ length: renews }, () => []));
const profiles = variants.map(() => []);
const op = await startProvider({ port: 9411, appOrigin, autoLogin: true });
const browser = await launchChromium(values["chromium-arg"]);
try {
  const config = benchConfig(op, appOrigin);
  await eachRound({ browser, rounds, variants, port: APP_PORT, config }, async ({ context, url, i }) => {
    await context.addInitScript(wrapPage);
    const page = await context.newPage();
    await page.goto(`${url}/?flow=offline`);
    await waitDone(page);
    await page.evaluate(() => void window.bench.signin());
    await page.waitForURL(/\/callback/);
    await waitDone(page);
    await page.waitForTimeout(50);
    const cdp = values.profile ? await context.newCDPSession(page) : null;
    for (let k = 0; k < renews; k += 1) {
      if (cdp && k === 0) {
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 20 });
        await cdp.send("Profiler.start");
      }
      samples[i][k].push(await page.evaluate(renewOnce));
      if (cdp && k === 0) profiles[i].push((await cdp.send("Profiler.stop")).profile);
    }
  });
} finally {
  await browser.close();
  await op.close();
}

console.log(`${rounds} rounds, ${renews} renewals per page; medians in ms`);
for (const [i, variant] of variants.entries()) {
  for (const [k, rows] of samples[i].entries()) {
    const phase = (f) => median(rows.map((r) => f(r.at, r)));
    console.log(
      `${variant.label} renewal ${k + 1}: total ${phase((_, r) => r.ms)}` +
        ` | before the lock ${phase((a) => a["lock requested"])}` +
        ` | lock wait ${phase((a) => a["lock granted"] - a["lock requested"])}` +
        ` | to the token request ${phase((a) => a["token request"])}` +
        ` | token request ${phase((a) => a["token answer"] - a["token request"])}` +
        ` | after its answer ${phase((a, r) => r.total - a["token answer"])}`,
    );
  }
}
for (const [i, variant] of variants.entries()) {
  if (profiles[i].length) printSelfTimes(`${variant.label}: self time in the first renewal`, profiles[i]);
}

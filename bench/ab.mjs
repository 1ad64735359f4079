// A/B of package builds by hand, for a time lever (see bench/size-levers.md, section 7):
//
//   node bench/ab.mjs <pkgA> <pkgB> [--rounds 8] [--latency 40]
//
// Each round opens the bench page (bench/pages) once per build and once for
// oidc-client-ts, in turn, in a fresh browser context: time to ready, then a sign-in
// and the callback time, as bench/run.mjs measures them. `--latency` adds that many
// ms to every request of the page (Chromium's network emulation, through CDP), to see
// what a lever does where a request costs a round trip, not a loopback hop;
// `--chromium-arg` passes a flag to the browser (repeatable). Prints medians; writes nothing.

import { parseArgs } from "node:util";

import { startProvider } from "../provider/op.mjs";
import { launchChromium } from "../tests/support/local.mjs";
import { LIB_COOKIE, startBenchServer } from "./server.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: "string", default: "8" },
    latency: { type: "string", default: "0" },
    "chromium-arg": { type: "string", multiple: true, default: [] },
  },
});
if (positionals.length === 0) throw new Error("usage: node bench/ab.mjs <pkgA> [<pkgB> ...] [--rounds N] [--latency MS]");
const rounds = Number(values.rounds);
const latency = Number(values.latency);
const APP_PORT = 8410;
const appOrigin = `http://localhost:${APP_PORT}`;
const OIDC_CLIENT_TS = new URL("../node_modules/oidc-client-ts/dist/browser", import.meta.url).pathname;

const variants = [
  ...positionals.map((pkgDir) => ({ label: pkgDir, lib: "oidc-wasm", pkgDir })),
  { label: "oidc-client-ts", lib: "oidc-client-ts", pkgDir: positionals[0] },
];
const samples = variants.map(() => ({ ready: [], callback: [] }));

async function waitDone(page) {
  await page.waitForFunction(() => window.benchState?.done || window.benchState?.error, null, { timeout: 30_000 });
  const state = await page.evaluate(() => window.benchState);
  if (state.error) throw new Error(state.error);
  return state;
}

const op = await startProvider({ port: 9410, appOrigin, autoLogin: true });
const browser = await launchChromium(values["chromium-arg"]);
try {
  const config = {
    authority: op.issuer,
    appOrigin,
    clientId: "spa",
    scopes: { plain: "openid profile email", offline: "openid profile email offline_access" },
  };
  // Round 0 warms up and is not counted.
  for (let round = 0; round <= rounds; round += 1) {
    for (const [i, variant] of variants.entries()) {
      const server = await startBenchServer({ port: APP_PORT, pkgDir: variant.pkgDir, oidcClientTsDir: OIDC_CLIENT_TS, config });
      const context = await browser.newContext();
      try {
        await context.addCookies([{ name: LIB_COOKIE, value: variant.lib, url: server.url }]);
        const page = await context.newPage();
        if (latency > 0) {
          const cdp = await context.newCDPSession(page);
          await cdp.send("Network.enable");
          await cdp.send("Network.emulateNetworkConditions", {
            offline: false,
            latency,
            downloadThroughput: -1,
            uploadThroughput: -1,
          });
        }
        await page.goto(`${server.url}/?flow=plain`);
        const ready = await waitDone(page);
        await page.evaluate(() => void window.bench.signin());
        await page.waitForURL(/\/callback/);
        const callback = await waitDone(page);
        if (round > 0) {
          samples[i].ready.push(ready.marks.ready);
          samples[i].callback.push(callback.marks.callback - callback.fetchStart);
        }
      } finally {
        await context.close();
        await server.close();
      }
    }
  }
} finally {
  await browser.close();
  await op.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${rounds} rounds, ${latency} ms added per request`);
for (const [i, variant] of variants.entries()) {
  const { ready, callback } = samples[i];
  console.log(`${variant.label}: ready ${median(ready).toFixed(1)} ms, callback ${median(callback).toFixed(1)} ms`);
}

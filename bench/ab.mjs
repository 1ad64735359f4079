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

import { startProvider } from "../provider/op.mjs";
import { launchChromium } from "../tests/support/local.mjs";
import { benchConfig, byHandArgs, eachRound, variantsOf, waitDone } from "./by-hand.mjs";

const { values, pkgDirs } = byHandArgs(
  "node bench/ab.mjs <pkgA> [<pkgB> ...] [--rounds N] [--latency MS] [--chromium-arg FLAG]",
  {
    rounds: { type: "string", default: "8" },
    latency: { type: "string", default: "0" },
  },
);
const rounds = Number(values.rounds);
const latency = Number(values.latency);
const APP_PORT = 8410;
const appOrigin = `http://localhost:${APP_PORT}`;
const variants = variantsOf(pkgDirs);
const samples = variants.map(() => ({ ready: [], callback: [] }));

const op = await startProvider({ port: 9410, appOrigin, autoLogin: true });
const browser = await launchChromium(values["chromium-arg"]);
try {
  const config = benchConfig(op, appOrigin);
  // Round 0 warms up and is not counted.
  await eachRound({ browser, rounds: rounds + 1, variants, port: APP_PORT, config }, async ({ context, url, i, round }) => {
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
    await page.goto(`${url}/?flow=plain`);
    const ready = await waitDone(page);
    await page.evaluate(() => void window.bench.signin());
    await page.waitForURL(/\/callback/);
    const callback = await waitDone(page);
    if (round > 0) {
      samples[i].ready.push(ready.marks.ready);
      samples[i].callback.push(callback.marks.callback - callback.fetchStart);
    }
  });
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

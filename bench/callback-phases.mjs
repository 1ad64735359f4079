// The callback, phase by phase, for a time lever by hand (see bench/size-levers.md,
// section 7):
//
//   node bench/callback-phases.mjs <pkgA> [<pkgB> ...] [--rounds 12] [--profile]
//
// Each round opens the bench page (bench/pages) once per build and once for
// oidc-client-ts, in a fresh browser context, signs in and lands on `/callback`, as
// `npm run bench` does. The callback page's Resource Timing and marks split its time,
// from the start of the `/callback` request, into: the client ready (library loaded,
// metadata from the cache or the provider), on to the token request, the token request
// as the browser saw it and as the provider handled it (its own time, from
// provider/op.mjs), and from the last answer (token or key set) to the session in hand.
// It also counts how long this Node process, which runs the provider, the app server and
// the browser driver, could not run during the callback (event-loop stalls over 8 ms):
// on two shared cores the provider's answers wait for it. `--profile` adds a CPU profile
// from the sign-in to the session (self time by function, per round; wasm functions have
// names only in a build that keeps them: scripts/named-pkg.sh); `--chromium-arg` passes a
// flag to the browser. Prints medians; writes nothing.

import { startProvider } from "../provider/op.mjs";
import { launchChromium } from "../tests/support/local.mjs";
import { benchConfig, byHandArgs, eachRound, median, printSelfTimes, variantsOf, waitDone } from "./by-hand.mjs";

const { values, pkgDirs } = byHandArgs(
  "node bench/callback-phases.mjs <pkgA> [<pkgB> ...] [--rounds N] [--profile] [--chromium-arg FLAG]",
  {
    rounds: { type: "string", default: "12" },
    profile: { type: "boolean", default: false },
  },
);
const rounds = Number(values.rounds);
const APP_PORT = 8412;
const appOrigin = `http://localhost:${APP_PORT}`;
const variants = variantsOf(pkgDirs);

/** Event-loop stalls of this process over 8 ms, summed, while `watch` is on. */
const STALL_MS = 8;
let stalled = 0;
let lastTick = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - lastTick > STALL_MS) stalled += now - lastTick;
  lastTick = now;
}, 2).unref();

let tokenHandled = [];
const op = await startProvider({
  port: 9412,
  appOrigin,
  autoLogin: true,
  onAnswered: ({ method, path, ms }) => method === "POST" && path === "/token" && tokenHandled.push(ms),
});

const samples = variants.map(() => []);
const profiles = variants.map(() => []);
const browser = await launchChromium(values["chromium-arg"]);
try {
  const config = benchConfig(op, appOrigin);
  // Round 0 warms up and is not counted.
  await eachRound({ browser, rounds: rounds + 1, variants, port: APP_PORT, config }, async ({ context, url, i, round }) => {
    const page = await context.newPage();
    await page.goto(`${url}/?flow=plain`);
    await waitDone(page);
    const cdp = values.profile && round > 0 ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
      await cdp.send("Profiler.start");
    }
    tokenHandled = [];
    stalled = 0;
    await page.evaluate(() => void window.bench.signin());
    await page.waitForURL(/\/callback/);
    const state = await waitDone(page);
    const nodeStalls = stalled;
    if (cdp) profiles[i].push((await cdp.send("Profiler.stop")).profile);
    if (round === 0) return;
    const at = (name, edge) => {
      const entry = state.resources.find((r) => r.name === name);
      return entry ? entry[edge] - state.fetchStart : undefined;
    };
    const ready = state.marks.ready - state.fetchStart;
    const session = state.marks.callback - state.fetchStart;
    const lastAnswer = Math.max(at("/token", "end"), at("/jwks", "end") ?? -Infinity);
    samples[i].push({
      session,
      ready,
      toToken: at("/token", "start") - ready,
      token: at("/token", "end") - at("/token", "start"),
      providerToken: tokenHandled.length === 1 ? tokenHandled[0] : NaN,
      afterAnswers: session - lastAnswer,
      nodeStalls,
    });
  });
} finally {
  await browser.close();
  await op.close();
}

console.log(`${rounds} rounds; medians in ms from the start of the /callback request`);
for (const [i, variant] of variants.entries()) {
  const phase = (key) => median(samples[i].map((s) => s[key]));
  console.log(
    `${variant.label}: session ${phase("session")}` +
      ` | client ready ${phase("ready")}` +
      ` | on to the token request ${phase("toToken")}` +
      ` | token request ${phase("token")} (the provider's own time ${phase("providerToken")})` +
      ` | last answer to session ${phase("afterAnswers")}` +
      ` | Node stalled ${phase("nodeStalls")}`,
  );
}
for (const [i, variant] of variants.entries()) {
  if (profiles[i].length) printSelfTimes(`${variant.label}: self time from the sign-in to the session`, profiles[i], 25);
}

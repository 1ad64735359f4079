// What the scripts that measure a lever by hand (bench/ab.mjs, bench/renew-phases.mjs)
// share: their arguments, the builds compared, the bench pages' configuration, the wait
// for a page.

import { parseArgs } from "node:util";

import { LIB_COOKIE, startBenchServer } from "./server.mjs";

/**
 * The command line: `options` (node:util parseArgs) and `--chromium-arg` (a browser flag,
 * repeatable); at least one package directory. Throws `usage` without one.
 */
export function byHandArgs(usage, options) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ...options, "chromium-arg": { type: "string", multiple: true, default: [] } },
  });
  if (positionals.length === 0) throw new Error(`usage: ${usage}`);
  return { values, pkgDirs: positionals };
}

/** oidc-client-ts's browser bundle, served to the bench pages. */
export const OIDC_CLIENT_TS = new URL("../node_modules/oidc-client-ts/dist/browser", import.meta.url).pathname;

/** One variant per package directory given, then oidc-client-ts (served beside the first). */
export function variantsOf(pkgDirs) {
  return [
    ...pkgDirs.map((pkgDir) => ({ label: pkgDir, lib: "oidc-wasm", pkgDir })),
    { label: "oidc-client-ts", lib: "oidc-client-ts", pkgDir: pkgDirs[0] },
  ];
}

/** The bench pages' configuration for a provider `op` and the app at `appOrigin`. */
export function benchConfig(op, appOrigin) {
  return {
    authority: op.issuer,
    appOrigin,
    clientId: "spa",
    scopes: { plain: "openid profile email", offline: "openid profile email offline_access" },
  };
}

/** Waits until the page has run its script; its window.benchState (throws its error). */
export async function waitDone(page) {
  await page.waitForFunction(() => window.benchState?.done || window.benchState?.error, null, { timeout: 30_000 });
  const state = await page.evaluate(() => window.benchState);
  if (state.error) throw new Error(state.error);
  return state;
}

/**
 * `rounds` rounds; in each, every variant in turn: the bench server on `port` serving its
 * build, a fresh browser context that asks for its library, then
 * `visit({ context, url, i, round })`; the context and the server are closed after.
 */
export async function eachRound({ browser, rounds, variants, port, config }, visit) {
  for (let round = 0; round < rounds; round += 1) {
    for (const [i, variant] of variants.entries()) {
      const server = await startBenchServer({ port, pkgDir: variant.pkgDir, oidcClientTsDir: OIDC_CLIENT_TS, config });
      const context = await browser.newContext();
      try {
        await context.addCookies([{ name: LIB_COOKIE, value: variant.lib, url: server.url }]);
        await visit({ context, url: server.url, i, round });
      } finally {
        await context.close();
        await server.close();
      }
    }
  }
}

/** The median of the finite values among `xs`, to one decimal; "-" when there are none. */
export function median(xs) {
  const sorted = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1].toFixed(1) : "-";
}

/**
 * Prints self time by function over CPU profiles (CDP `Profiler.stop`), in ms per profile,
 * the `top` largest first, under `title`. A wasm function has its name only in a build
 * that keeps the names section.
 */
export function printSelfTimes(title, profiles, top = 20) {
  const self = new Map();
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, j) => {
      const { functionName, url, columnNumber } = nodes.get(id).callFrame;
      const file = url.replace(/^.*\//, "").replace(/\?.*/, "");
      const key = `${functionName || "(anonymous)"} ${file}:${columnNumber}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[j + 1] ?? 0) / 1000);
    });
  }
  console.log(`${title} (ms per profile, ${profiles.length} profiles)`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${(ms / profiles.length).toFixed(2)} ${key.slice(0, 120)}`);
  }
}

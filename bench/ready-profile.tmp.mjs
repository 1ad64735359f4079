import { startProvider } from "../provider/op.mjs";
import { launchChromium } from "../tests/support/local.mjs";
import { LIB_COOKIE, startBenchServer } from "./server.mjs";
const pkgDir = process.argv[2] ?? "pkg"; const lib = process.argv[3] ?? "oidc-wasm";
const APP_PORT = 8412; const appOrigin = `http://localhost:${APP_PORT}`;
const OIDC_CLIENT_TS = new URL("../node_modules/oidc-client-ts/dist/browser", import.meta.url).pathname;
const op = await startProvider({ port: 9412, appOrigin, autoLogin: true });
const browser = await launchChromium();
const config = { authority: op.issuer, appOrigin, clientId: "spa", scopes: { plain: "openid profile email", offline: "openid profile email offline_access" } };
const self = new Map(); const marks = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 5); round++) {
  const server = await startBenchServer({ port: APP_PORT, pkgDir, oidcClientTsDir: OIDC_CLIENT_TS, config });
  const context = await browser.newContext();
  await context.addCookies([{ name: LIB_COOKIE, value: lib, url: server.url }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 50 }); await cdp.send("Profiler.start");
  await page.goto(`${server.url}/?flow=plain`);
  await page.waitForFunction(() => window.benchState?.done || window.benchState?.error);
  const { profile } = await cdp.send("Profiler.stop");
  const st = await page.evaluate(() => ({ ready: window.benchState.marks.ready, res: performance.getEntriesByType("resource").map((e) => `${e.name.replace(/^.*\//, "")} ${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)}`) }));
  marks.push(st);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  // time origin alignment: profile.startTime is in µs monotonic; can't align easily; just totals
  profile.samples.forEach((id, j) => { const f = nodes.get(id).callFrame; const key = `${f.functionName || "(anon)"} ${f.url.replace(/^.*\//, "")}:${f.columnNumber}`; self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[j + 1] ?? 0) / 1000); });
  await context.close(); await server.close();
}
await browser.close(); await op.close();
for (const m of marks) console.log(m.ready.toFixed(0), m.res.join(" | "));
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms.toFixed(1)} ${k}`);

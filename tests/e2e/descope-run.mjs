// End-to-end tests of OidcClient.descope in Chromium, and of client credentials in Node, against
// a Descope-shaped provider over HTTPS (provider/descope-op.mjs): Descope's real host names
// (api.descope.com, api.euw1.descope.com), a custom domain (auth.example.test), Descope's URL
// layout, and a certificate made by openssl at start.
//
//   node tests/e2e/descope-run.mjs [filter]
//
// A runner of its own, not part of run.mjs: its Chromium is launched with two test-only flags
// that no other suite may have,
//   --host-resolver-rules="MAP api.descope.com 127.0.0.1:<port>, MAP …"  (every host named above,
//        and app.example.test, to the one local HTTPS server)
//   --ignore-certificate-errors                                          (the self-signed certificate)
// Node's fetch (client credentials) reaches the same server through an undici dispatcher that
// maps those hosts and trusts exactly that certificate (tests/e2e/descope-cases.mjs).
//
// Servers, all on loopback:
//   the test app            http://localhost:<E2E_DESCOPE_APP_PORT, 8600>   (static-server.mjs)
//   the provider + the app  https://<host> -> 127.0.0.1:<E2E_DESCOPE_TLS_PORT, 8643>, by Host header:
//                           api.descope.com, api.euw1.descope.com, auth.example.test (provider),
//                           app.example.test (the same test app, on the custom domain's site)
//
// Each test runs in a fresh browser context with a 60 s timeout; the provider's request log is
// cleared and its unlisted-key switch turned off before each. Prints `ok - name` /
// `not ok - name` (with the test's log and the page's console), saves a failed test's screenshot
// under test-output/e2e-descope/, ends with `descope: N passed, N failed`, exits 1 if a test
// failed or none ran. Build the package first: bash scripts/build.sh

import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { CUSTOM_DOMAIN, startDescopeProvider } from "../../provider/descope-op.mjs";
import { CHROMIUM_ARGS, portFromEnv } from "../support/local.mjs";
import { APP_SITE_HOST, registeredTests } from "./descope-cases.mjs";
import { defaultPkgDir, startStaticServer, staticRequestHandler } from "./static-server.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const OUTPUT_DIR = resolve(HERE, "../../test-output/e2e-descope");
const TEST_TIMEOUT_MS = 60_000;

const APP_PORT = portFromEnv("E2E_DESCOPE_APP_PORT", 8600);
const TLS_PORT = portFromEnv("E2E_DESCOPE_TLS_PORT", 8643);
if (APP_PORT === TLS_PORT) throw new Error(`E2E_DESCOPE_APP_PORT and E2E_DESCOPE_TLS_PORT must differ (${APP_PORT})`);

const HTTP_APP_ORIGIN = `http://localhost:${APP_PORT}`;
const SITE_APP_ORIGIN = `https://${APP_SITE_HOST}`;

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const slug = (name) => name.replace(/[^\w.-]+/g, "_").slice(0, 100);
const indent = (text) => String(text).split("\n").map((line) => `    ${line}`).join("\n");

/** The Chromium flags of this suite only: every test host to the local HTTPS server. */
function descopeChromiumArgs(hosts, port) {
  const rules = hosts.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(",");
  return [...CHROMIUM_ARGS, `--host-resolver-rules=${rules}`, "--ignore-certificate-errors"];
}

async function runOne(testCase, shared) {
  const { browser, op } = shared;
  op.resetRequests();
  op.setUnlistedKey(false);

  const logs = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  const watch = (p) => {
    p.on("console", (msg) => logs.push(`[console.${msg.type()}] ${msg.text()}`));
    p.on("pageerror", (err) => logs.push(`[pageerror] ${err.message}`));
  };
  watch(page);
  const t = {
    ...shared,
    context,
    page,
    watch,
    log: (...parts) => logs.push(parts.map(String).join(" ")),
  };
  try {
    await withTimeout(Promise.resolve().then(() => testCase.fn(t)), testCase.timeoutMs ?? TEST_TIMEOUT_MS, testCase.name);
    console.log(`ok - ${testCase.name}`);
    return true;
  } catch (err) {
    console.log(`not ok - ${testCase.name}`);
    console.log(indent(err?.stack ?? err));
    const seen = op.requests.map((r) => `${r.method} https://${r.host}${r.path} -> ${r.status}`);
    if (seen.length) logs.push(`provider requests:\n${seen.join("\n")}`);
    if (logs.length) console.log(indent(`log:\n${logs.join("\n")}`));
    await screenshot(page, testCase.name);
    return false;
  } finally {
    await context.close().catch(() => {});
  }
}

async function screenshot(page, name) {
  try {
    await mkdir(OUTPUT_DIR, { recursive: true });
    const path = join(OUTPUT_DIR, `${slug(name)}.png`);
    await page.screenshot({ path, timeout: 5000 });
    console.log(indent(`screenshot: ${path}  (url: ${page.url()})`));
  } catch {
    // the page may be gone: nothing to show
  }
}

async function main() {
  const filter = process.argv[2];
  const tests = registeredTests().filter((t) => !filter || t.name.includes(filter));
  const pkgDir = defaultPkgDir();
  if (!existsSync(join(pkgDir, "index.js")) || !existsSync(join(pkgDir, "index.cjs"))) {
    console.log(`the package is not built in ${pkgDir}: run bash scripts/build.sh`);
    console.log("descope: 0 passed, 1 failed");
    process.exitCode = 1;
    return;
  }

  const app = await startStaticServer({ port: APP_PORT, pkgDir });
  const op = await startDescopeProvider({
    port: TLS_PORT,
    appOrigins: [HTTP_APP_ORIGIN, SITE_APP_ORIGIN],
    extraHosts: { [APP_SITE_HOST]: staticRequestHandler({ pkgDir }) },
    log: process.env.DESCOPE_OP_LOG === "1",
  });
  const launchOptions = {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: descopeChromiumArgs(op.hosts, op.port),
  };
  const browser = await chromium.launch(launchOptions);

  const shared = {
    browser,
    launchOptions,
    op,
    httpAppOrigin: HTTP_APP_ORIGIN,
    siteAppOrigin: SITE_APP_ORIGIN,
    customDomain: CUSTOM_DOMAIN,
  };
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  try {
    for (const testCase of tests) {
      if (await runOne(testCase, shared)) passed += 1;
      else failed += 1;
    }
  } finally {
    await browser.close();
    await Promise.all([op.close(), app.close()]);
  }
  if (passed + failed === 0) console.log(`no test ran${filter ? ` (filter "${filter}")` : ""}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`descope: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed + failed === 0 ? 1 : 0;
}

await main();

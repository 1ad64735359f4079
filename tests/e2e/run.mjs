// End-to-end tests of oidc-wasm in real Chromium against real local providers.
//
//   node tests/e2e/run.mjs [filter]
//
// What it does:
//   1. imports every tests/e2e/*.test.mjs; each registers tests with
//      `test(name, fn)` from harness.mjs (see there for what `fn` receives);
//      `filter`, if given, keeps the tests whose name contains it;
//   2. starts, once: the oidc-provider on http://localhost:9000 (autoLogin on:
//      no login form), the misbehaving provider on http://localhost:9100, and the
//      test app on http://localhost:8080 serving the wasm-pack `--target web`
//      build from $OIDC_WASM_PKG (default <repo>/pkg); every port can be
//      moved by environment (E2E_APP_PORT, E2E_OP_PORT, E2E_BAD_OP_PORT, and
//      E2E_FORM_OP_PORT, E2E_RENEW_OP_PORT, E2E_FAULT_PORT for the providers
//      some test files start themselves: see harness.mjs);
//   3. launches Chromium (/usr/bin/chromium, or $CHROMIUM) once through
//      playwright-core, and runs the tests one after another, each in a fresh
//      browser context, with a 60 s timeout; before each test the providers'
//      counters are zeroed and the bad provider is put back in mode "ok";
//   4. prints `ok - name` or `not ok - name` with the error, the test's log and
//      the page's console; saves a screenshot of a failed test's page to
//      test-output/e2e/; ends with `e2e: N passed, N failed`, and exits 1 if a
//      test failed or none ran.
//
// Build the package first: bash scripts/build.sh

import { mkdir, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";


import { startBadProvider } from "../../provider/bad-op.mjs";
import { launchChromium } from "../support/local.mjs";
import { startProvider } from "../../provider/op.mjs";
import { APP_ORIGIN, APP_PORT, BAD_OP_PORT, OP_PORT, registeredTests } from "./harness.mjs";
import { startStaticServer } from "./static-server.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const OUTPUT_DIR = resolve(HERE, "../../test-output/e2e");
const TEST_TIMEOUT_MS = 60_000;


async function loadTests(filter) {
  const files = (await readdir(HERE)).filter((f) => f.endsWith(".test.mjs")).sort();
  for (const file of files) await import(pathToFileURL(join(HERE, file)).href);
  return registeredTests().filter((t) => !filter || t.name.includes(filter));
}

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function slug(name) {
  return name.replace(/[^\w.-]+/g, "_").slice(0, 100);
}

function indent(text) {
  return String(text).split("\n").map((line) => `    ${line}`).join("\n");
}

async function runOne(testCase, shared) {
  const { browser, op, badOp } = shared;
  op.stats.reset();
  badOp.setMode("ok");
  badOp.resetStats();

  const logs = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("console", (msg) => logs.push(`[console.${msg.type()}] ${msg.text()}`));
  page.on("pageerror", (err) => logs.push(`[pageerror] ${err.message}`));
  const t = {
    browser,
    context,
    page,
    op,
    badOp,
    appOrigin: APP_ORIGIN,
    log: (...parts) => logs.push(parts.map(String).join(" ")),
  };

  try {
    await withTimeout(Promise.resolve().then(() => testCase.fn(t)), testCase.timeoutMs ?? TEST_TIMEOUT_MS, testCase.name);
    console.log(`ok - ${testCase.name}`);
    return true;
  } catch (err) {
    console.log(`not ok - ${testCase.name}`);
    console.log(indent(err?.stack ?? err));
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
    // the page may be gone (closed, crashed): nothing to show
  }
}

async function main() {
  const filter = process.argv[2];
  const tests = await loadTests(filter);

  const op = await startProvider({ port: OP_PORT, appOrigin: APP_ORIGIN, autoLogin: true });
  const badOp = await startBadProvider({ port: BAD_OP_PORT, appOrigin: APP_ORIGIN });
  const app = await startStaticServer({ port: APP_PORT });
  const browser = await launchChromium();

  let passed = 0;
  let failed = 0;
  try {
    for (const testCase of tests) {
      if (await runOne(testCase, { browser, op, badOp })) passed += 1;
      else failed += 1;
    }
  } finally {
    await browser.close();
    await Promise.all([op.close(), badOp.close(), app.close()]);
  }

  if (passed + failed === 0) console.log(`no test ran${filter ? ` (filter "${filter}")` : ""}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed + failed === 0 ? 1 : 0;
}

await main();

// The page's first OidcClient.create() asks for the discovery document while the wasm
// downloads (js/index.js `early`), and the wasm reads that answer as if it had sent the
// request itself. Shown here: the request really starts before the wasm's, it is sent
// once, a cleartext authority still gets no request at all (hardening.test.mjs), and a
// provider that hangs, fails or refuses gives the same typed errors as before.

import assert from "node:assert/strict";

import { startFaultProxy } from "../../provider/fault-proxy.mjs";
import { call, expectError, expectOk, openApp, spaOptions } from "./app-driver.mjs";
import { APP_ORIGIN, FAULT_PORT, OP_ISSUER, test } from "./harness.mjs";

const DISCOVERY_PATH = "/.well-known/openid-configuration";

/** The page's fetches so far (Resource Timing): { name, start, end } in ms. */
function resources(page) {
  return page.evaluate(() =>
    performance.getEntriesByType("resource").map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd })),
  );
}

test("discovery: the first create() asks for the document before the wasm, once", async ({ page }) => {
  await openApp(page, "/");
  const discoveries = [];
  page.on("request", (request) => {
    if (request.url() === `${OP_ISSUER}${DISCOVERY_PATH}`) discoveries.push(request.url());
  });
  const session = expectOk(await call(page, spaOptions(), "getSession"), "create + getSession");
  assert.equal(session, null);
  assert.equal(discoveries.length, 1, "one discovery request");
  const fetched = await resources(page);
  const wasm = fetched.find((r) => r.name.endsWith("/oidc_wasm_bg.wasm"));
  const discovery = fetched.find((r) => r.name.endsWith(DISCOVERY_PATH));
  assert.ok(wasm && discovery, `both fetched: ${JSON.stringify(fetched)}`);
  assert.ok(discovery.start <= wasm.start, `discovery at ${discovery.start} ms, wasm at ${wasm.start} ms`);
  // The wasm is loaded now: a second client on the page asks by itself (no early request),
  // and the page's memory of the document spares even that.
  expectOk(await call(page, spaOptions(), "getSession"), "second create");
  assert.equal(discoveries.length, 1, "the document is not asked for again on this page");
});

test("discovery: a document the tab keeps is reused, not asked for early", async ({ page }) => {
  await openApp(page, "/");
  expectOk(await call(page, spaOptions(), "getSession"), "first page");
  const discoveries = [];
  page.on("request", (request) => {
    if (request.url().endsWith(DISCOVERY_PATH)) discoveries.push(request.url());
  });
  await openApp(page, "/"); // a new document: the wasm loads again, sessionStorage stays
  expectOk(await call(page, spaOptions(), "getSession"), "next page");
  assert.deepEqual(discoveries, [], "no discovery request on the tab's next page");
});

const FAULTS = [
  ["hang", "timeout"],
  ["500", "http_error"],
  ["refuse", "network_error"],
];

for (const [kind, code] of FAULTS) {
  test(`discovery: the early request ${kind} -> ${code}, aborted, and the next create works`, async ({ page }) => {
    const proxy = await startFaultProxy({ port: FAULT_PORT, appOrigin: APP_ORIGIN, autoLogin: true });
    try {
      proxy.setFault(DISCOVERY_PATH, kind);
      await openApp(page, "/");
      const started = Date.now();
      const result = await call(page, spaOptions({ authority: proxy.issuer, requestTimeoutMs: 1500 }), "getSession");
      const elapsed = Date.now() - started;
      expectError(result, code, `discovery ${kind}`);
      assert.ok(elapsed < (kind === "hang" ? 1500 + 3000 : 3000), `${code} after ${elapsed} ms`);
      if (kind === "hang") assert.ok(elapsed >= 1400, `timed out after ${elapsed} ms, not before requestTimeoutMs`);
      assert.equal(proxy.counts.requests[DISCOVERY_PATH], 1, "one discovery request");
      const deadline = Date.now() + 2000;
      while (proxy.hanging > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(proxy.hanging, 0, "the timed-out request was aborted");
      proxy.clearFaults();
      expectOk(await call(page, spaOptions({ authority: proxy.issuer }), "getSession"), "after the fault");
    } finally {
      await proxy.close();
    }
  });
}

// The package's browser entry (issue 10): the wasm loads inside the first call, a
// wasm that cannot load is a typed error of that call (never an uncaught page
// error), and a later call may try again.

import assert from "node:assert/strict";

import { call, expectError, expectOk, openApp, spaOptions } from "./app-driver.mjs";
import { APP_ORIGIN, test } from "./harness.mjs";

test("package: a wasm that cannot load rejects the call with wasm_load_failed; the next call loads it", async ({ page }) => {
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await openApp(page, "/");
  const wasmRequests = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) wasmRequests.push(new URL(request.url()).pathname);
  });
  assert.deepEqual(wasmRequests, [], "importing the package fetched no wasm");

  const missing = `${APP_ORIGIN}/pkg/missing.wasm`;
  const error = expectError(await call(page, spaOptions({ wasm: missing }), "getSession"), "wasm_load_failed");
  assert.equal(error.isError, true);
  assert.equal(error.name, "OidcError");
  assert.equal(await page.evaluate(() => window.oidcWasm.isOidcError(new Error("x"))), false);

  // No option: the wasm next to the entry, found by new URL(…, import.meta.url).
  expectOk(await call(page, spaOptions(), "getSession"), "getSession after a failed load");
  assert.deepEqual(wasmRequests, ["/pkg/missing.wasm", "/pkg/oidc_wasm_bg.wasm"]);
  assert.deepEqual(pageErrors, [], "no uncaught page error");
});

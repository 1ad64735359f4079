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

test("package: the wasm option takes the bytes, a compiled module, or a response served without the wasm type", async ({ page }) => {
  const warnings = [];
  page.on("console", (message) => {
    if (message.type() === "warning") warnings.push(message.text());
  });
  const url = `${APP_ORIGIN}/pkg/oidc_wasm_bg.wasm`;
  for (const kind of ["bytes", "module", "response"]) {
    await openApp(page, "/"); // a new document: the wasm is not loaded yet
    warnings.length = 0;
    const outcome = await page.evaluate(
      async ({ kind, url, options }) => {
        const bytes = await (await fetch(url)).arrayBuffer();
        const wasm =
          kind === "bytes"
            ? bytes
            : kind === "module"
              ? await WebAssembly.compile(bytes)
              : // No Content-Type: streaming compilation refuses it, the bytes still load.
                new Response(bytes);
        try {
          const client = await window.oidcWasm.OidcClient.create({ ...options, wasm });
          return { ok: true, session: await client.getSession(), issuer: client.metadata.issuer };
        } catch (err) {
          return { ok: false, code: err?.code, message: err?.message };
        }
      },
      { kind, url, options: spaOptions() },
    );
    assert.equal(outcome.ok, true, `${kind}: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.session, null, kind);
    assert.ok(outcome.issuer, `${kind}: the client works`);
    const warned = warnings.some((text) => text.includes("application/wasm"));
    assert.equal(warned, kind === "response", `${kind}: ${JSON.stringify(warnings)}`);
  }
});

test("package: a wasm answer that is not wasm rejects with wasm_load_failed", async ({ page }) => {
  await openApp(page, "/");
  const outcome = await page.evaluate(async (options) => {
    const wasm = new Response("not wasm", { headers: { "Content-Type": "application/wasm" } });
    try {
      await window.oidcWasm.OidcClient.create({ ...options, wasm });
      return { ok: true };
    } catch (err) {
      return { ok: false, code: err?.code, message: err?.message };
    }
  }, spaOptions());
  assert.equal(outcome.ok, false);
  assert.equal(outcome.code, "wasm_load_failed", JSON.stringify(outcome));
});

// The e2e harness's registry: test files call `test(name, fn)` at import time;
// run.mjs imports them, then runs what was registered, in order.
//
// A test function receives one argument `t`:
//   t.page, t.context  a fresh Chromium browser context and a page in it
//   t.browser          the shared browser (for a second context, rarely needed)
//   t.op               the oidc-provider on http://localhost:9000 (autoLogin on):
//                        { issuer, url, stats, close }
//   t.badOp            the misbehaving provider on http://localhost:9100:
//                        { issuer, url, setMode, stats, lastIssued, close }
//   t.appOrigin        "http://localhost:8080"
//   t.log(...)         output shown only when the test fails

const registered = [];

export function test(name, fn, { timeoutMs } = {}) {
  if (typeof name !== "string" || typeof fn !== "function") {
    throw new TypeError("test(name, fn): name is a string, fn a function");
  }
  if (registered.some((t) => t.name === name)) {
    throw new Error(`duplicate test name: ${name}`);
  }
  registered.push({ name, fn, timeoutMs });
}

export function registeredTests() {
  return [...registered];
}

/** Fixed loopback origins of the test servers (always `localhost`, never 127.0.0.1). */
export const APP_ORIGIN = "http://localhost:8080";
export const OP_ISSUER = "http://localhost:9000";
export const BAD_OP_ISSUER = "http://localhost:9100";

// The e2e harness's registry: test files call `test(name, fn)` at import time;
// run.mjs imports them, then runs what was registered, in order.
//
// A test function receives one argument `t`:
//   t.page, t.context  a fresh Chromium browser context and a page in it
//   t.browser          the shared browser (for a second context, rarely needed)
//   t.op               the oidc-provider on OP_ISSUER (autoLogin on):
//                        { issuer, url, stats, close }
//   t.badOp            the misbehaving provider on BAD_OP_ISSUER:
//                        { issuer, url, setMode, stats, lastIssued, close }
//   t.appOrigin        APP_ORIGIN
//   t.log(...)         output shown only when the test fails
//
// Ports: fixed by default (app 8080, provider 9000, bad provider 9100, the
// login-form provider 9001, the short-lived-token provider 9002, the fault
// proxy 9200), each one overridable from the environment so that two runs can
// share a machine:
//   E2E_APP_PORT, E2E_OP_PORT, E2E_BAD_OP_PORT, E2E_FORM_OP_PORT, E2E_RENEW_OP_PORT,
//   E2E_FAULT_PORT
// (demo.test.mjs adds E2E_DEMO_PORT and E2E_DEMO_OP_PORT; tests/node/ uses
// E2E_NODE_OP_PORT), e.g.
//   E2E_APP_PORT=18080 E2E_OP_PORT=19000 E2E_BAD_OP_PORT=19100 \
//   E2E_FORM_OP_PORT=19001 E2E_RENEW_OP_PORT=19002 E2E_FAULT_PORT=19200 \
//   E2E_DEMO_PORT=18300 E2E_DEMO_OP_PORT=19300 node tests/e2e/run.mjs
// Every server stays on `localhost` (same site as the app: the providers'
// cookies reach the silent-renew iframe).

const registered = [];

import { portFromEnv } from "../support/local.mjs";

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


export { portFromEnv };
export const APP_PORT = portFromEnv("E2E_APP_PORT", 8080);
export const OP_PORT = portFromEnv("E2E_OP_PORT", 9000);
export const BAD_OP_PORT = portFromEnv("E2E_BAD_OP_PORT", 9100);
/** The provider with the real login form (op-login-form.test.mjs). */
export const FORM_OP_PORT = portFromEnv("E2E_FORM_OP_PORT", 9001);
/** The provider with 10-second tokens (renew.test.mjs). */
export const RENEW_OP_PORT = portFromEnv("E2E_RENEW_OP_PORT", 9002);
/** The fault-injecting proxy in front of a provider of its own (faults.test.mjs). */
export const FAULT_PORT = portFromEnv("E2E_FAULT_PORT", 9200);

/** Loopback origins of the test servers (always `localhost`, never 127.0.0.1). */
export const APP_ORIGIN = `http://localhost:${APP_PORT}`;
export const OP_ISSUER = `http://localhost:${OP_PORT}`;
export const BAD_OP_ISSUER = `http://localhost:${BAD_OP_PORT}`;
export const RENEW_OP_ISSUER = `http://localhost:${RENEW_OP_PORT}`;
export const FAULT_ISSUER = `http://localhost:${FAULT_PORT}`;

{
  const ports = [APP_PORT, OP_PORT, BAD_OP_PORT, FORM_OP_PORT, RENEW_OP_PORT, FAULT_PORT];
  if (new Set(ports).size !== ports.length) throw new Error(`e2e ports must differ: ${ports.join(", ")}`);
}

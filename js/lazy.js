// Loading the wasm once, on demand, with a typed error when it cannot load (shared
// by the browser and Node entries).

import { oidcError, settlingClass } from "./guard.js";

/** Whether `value` is an error this library threw (it has a stable `code`). */
export function isOidcError(value) {
  return value instanceof Error && value.name === "OidcError" && typeof value.code === "string";
}

function loadFailed(cause) {
  const text = String(cause?.message ?? cause);
  // Chromium: "Refused to compile or instantiate WebAssembly module because 'unsafe-eval'
  // is not an allowed source of script…"; Firefox and Safari speak of the CSP.
  const csp = /unsafe-eval|content security policy|\bCSP\b/i.test(text);
  return oidcError(
    "wasm_load_failed",
    csp
      ? "oidc-wasm cannot compile its WebAssembly under this page's Content Security Policy: allow it with script-src 'wasm-unsafe-eval'"
      : `oidc-wasm could not load its WebAssembly: ${text}`,
    cause,
  );
}

/**
 * `start(source)` instantiates the wasm; the returned `load(source)` runs it once (again
 * after a failure) and rejects with `code: "wasm_load_failed"`.
 */
export function lazy(start) {
  let loading;
  return (source) =>
    (loading ??= Promise.resolve()
      .then(() => start(source))
      .catch((cause) => {
        loading = undefined;
        throw loadFailed(cause);
      }));
}

/**
 * The class with its static calls loading the wasm first (the `wasm` option says from
 * where). Returned, not just patched, so a bundler keeps the patch wherever the class is used.
 * `early(options)`: what `create` may start while the wasm loads, handed to it as its
 * second argument.
 */
export function loadingFirst(OidcClient, load, early) {
  for (const name of ["create", "descope", "clientCredentials"]) {
    const call = OidcClient[name];
    OidcClient[name] = async (options) => {
      let source;
      if (options !== null && typeof options === "object" && "wasm" in options) {
        ({ wasm: source, ...options } = options);
      }
      const started = name === "create" ? early?.(options) : undefined;
      await load(source);
      return call(options, started);
    };
  }
  return settlingClass(OidcClient);
}

// What happens when the wasm traps. A Rust panic is a bare `unreachable` in the shipped
// build (immediate-abort), and any exception that unwinds through the wasm leaves it the
// same way: half-way through a call, state half-changed, and the promises of the calls in
// flight never settled (their futures will not run again). So the first such exception
// breaks the module for good: every call in flight rejects, and every later one fails,
// with `code: "internal_error"`, instead of an app waiting forever on a sign-in. A call
// of the app's gets that error thrown (or its promise rejected); the wasm's own callbacks
// (timers, promise reactions, listeners) just stop, rather than throw where nobody can
// catch it (in Node, an uncaught exception would end the process).

let broken;
const inFlight = new Set();
/** How many of the app's calls are on the stack (see `entered`). */
let depth = 0;
/**
 * What a stopped export returns to the glue outside the app's calls: zeros, read as a
 * number or as the pair a multi-value export returns ("no error, nothing"), so that the
 * glue of a callback finishes quietly instead of throwing where nobody catches it.
 */
const NOTHING = [0, 0, 0, 0];

/** An Error as the wasm makes them: name "OidcError" and a stable `code`. */
export function oidcError(code, message, cause) {
  const error = new Error(message, { cause });
  error.name = "OidcError";
  error.code = code;
  return error;
}

function breaks(cause) {
  broken ??= oidcError(
    "internal_error",
    `oidc-wasm stopped after an internal error (please report it; a reload starts it again): ${cause?.message ?? cause}`,
    cause,
  );
  for (const reject of inFlight) reject(broken);
  inFlight.clear();
  return broken;
}

/** The wasm's exports, each function refusing to run once one has thrown (see above). */
export function guardExports(exports) {
  const guarded = {};
  for (const [name, value] of Object.entries(exports)) {
    guarded[name] =
      typeof value !== "function"
        ? value
        : (...args) => {
            if (!broken) {
              try {
                return value(...args);
              } catch (cause) {
                breaks(cause);
              }
            }
            if (depth > 0) throw broken;
            return NOTHING;
          };
  }
  return guarded;
}

/** `promise`, unless the wasm breaks first: then it rejects with that error. */
export function settles(promise) {
  if (broken) return Promise.reject(broken);
  return new Promise((resolve, reject) => {
    inFlight.add(reject);
    promise.then(
      (value) => {
        inFlight.delete(reject);
        resolve(value);
      },
      (error) => {
        inFlight.delete(reject);
        reject(error);
      },
    );
  });
}

/**
 * `call` as a call of the app's: a promise it returns settles (see `settles`), and a break
 * while it runs reaches the app, as a rejection unless `sync` (a call that returns no promise).
 */
export function entered(call, sync) {
  return function (...args) {
    depth += 1;
    try {
      const result = call.apply(this, args);
      return result instanceof Promise ? settles(result) : result;
    } catch (error) {
      if (error === broken && !sync) return Promise.reject(error);
      throw error;
    } finally {
      depth -= 1;
    }
  };
}

/** The class with every method and static `entered`. */
export function settlingClass(OidcClient) {
  for (const target of [OidcClient, OidcClient.prototype]) {
    for (const name of Object.getOwnPropertyNames(target)) {
      const call = Object.getOwnPropertyDescriptor(target, name).value;
      // Of the class's methods only on() and free() return no promise.
      if (name !== "constructor" && typeof call === "function") target[name] = entered(call, /^(on|free)$/.test(name));
    }
  }
  return OidcClient;
}

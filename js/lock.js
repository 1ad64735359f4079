// The cross-tab renew lock (src/browser/lock.rs) on Web Locks (`navigator.locks`), as one
// call: asking for the lock, queueing for it and bounding how long it is held would each
// be an await in the wasm. What runs under the lock is the wasm's.

// Runs `task(waited)` (a function returning a promise) while holding the exclusive lock
// `name`; `waited` says whether this tab queued behind another one. Resolves once the
// task settles, or after `maxHoldMs` should it never settle (a trap in the wasm): the
// lock is released then, so other tabs are not locked out for the page's life. Where
// Web Locks are missing, the task runs at once. Rejects when a lock request fails.
export async function withLock(name, maxHoldMs, task) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return task(false);
  let ran = false;
  const hold = (waited) => (lock) => {
    // With `ifAvailable`, `lock` is null when another tab holds it.
    if (!lock) return;
    ran = true;
    let timer;
    const cap = new Promise((resolve) => (timer = setTimeout(resolve, maxHoldMs)));
    return Promise.race([task(waited), cap]).finally(() => clearTimeout(timer));
  };
  await locks.request(name, { ifAvailable: true }, hold(false));
  if (!ran) await locks.request(name, hold(true));
}

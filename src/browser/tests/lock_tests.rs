//! The cross-tab renew lock: released after its cap even when the task never settles,
//! and skipped where Web Locks are missing.

use crate::browser::lock::with_lock;
use crate::core::Error;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_task_runs_under_the_lock_and_hands_back_its_result() {
    let outcome = with_lock("oidc-wasm-test:lock-a", 5_000, |waited| async move {
        Ok::<_, Error>(if waited { 1 } else { 7 })
    })
    .await;
    assert_eq!(outcome, Ok(7));
}

#[wasm_bindgen_test]
async fn a_task_that_never_settles_releases_the_lock_at_its_cap() {
    let name = "oidc-wasm-test:lock-b";
    let started = js_sys::Date::now();
    // A trap would leave the task pending for ever; the lock must not be held that long.
    let stuck = with_lock(name, 200, |_| std::future::pending::<Result<u32, Error>>()).await;
    assert!(
        stuck.is_err(),
        "the caller gets an error, not an endless wait"
    );
    let next = with_lock(name, 5_000, |_| async { Ok::<_, Error>(9) }).await;
    assert_eq!(next, Ok(9), "the next renewal gets the lock");
    let elapsed = js_sys::Date::now() - started;
    assert!(elapsed < 10_000.0, "released after {elapsed} ms");
}

/// Where Web Locks are missing (older browsers, Node), the task runs at once, unlocked.
#[wasm_bindgen_test]
async fn without_web_locks_the_task_runs_at_once() {
    let hide = js_sys::Function::new_with_args(
        "hidden",
        "if (hidden) Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
         else delete navigator.locks;",
    );
    hide.call1(&wasm_bindgen::JsValue::NULL, &true.into())
        .unwrap();
    let outcome = with_lock("oidc-wasm-test:lock-c", 5_000, |waited| async move {
        Ok::<_, Error>(if waited { 1 } else { 3 })
    })
    .await;
    hide.call1(&wasm_bindgen::JsValue::NULL, &false.into())
        .unwrap();
    assert_eq!(outcome, Ok(3));
}

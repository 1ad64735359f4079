//! The cross-tab renew lock: released after its cap even when the task never settles.

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

//! IndexedDB round trip: the first open creates the store, then add, get and delete; an
//! add over a stored value fails and keeps the first (two tabs making a DPoP key pair).

use crate::browser::idb;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn add_get_delete_round_trip() {
    let key = "idb-test:issuer:client";
    assert!(idb::get(key).await.unwrap().is_none());
    let value = js_sys::Array::of2(&JsValue::from_str("a"), &JsValue::from_f64(2.0));
    idb::add(key, &value).await.unwrap();
    let got = idb::get(key).await.unwrap().expect("stored");
    assert_eq!(js_sys::JSON::stringify(&got).unwrap(), "[\"a\",2]");

    let second = JsValue::from_str("second");
    assert!(
        idb::add(key, &second).await.is_err(),
        "add over a stored value"
    );
    let kept = idb::get(key).await.unwrap().expect("still stored");
    assert_eq!(js_sys::JSON::stringify(&kept).unwrap(), "[\"a\",2]");

    idb::delete(key).await.unwrap();
    assert!(idb::get(key).await.unwrap().is_none());
}

/// An open that IndexedDB answers only after the 4 s deadline is closed when it does, not
/// held until unload: a versionchange after it is then not blocked. The test holds the
/// database's creation (its upgrade transaction kept busy) for 5 s.
#[wasm_bindgen_test]
async fn an_open_answered_after_the_deadline_is_closed() {
    let script = js_sys::Function::new_with_args(
        "step",
        "const settle = (request, what) => new Promise((resolve, reject) => {
           request.onsuccess = () => resolve(request.result);
           request.onerror = () => reject(new Error(what + ' failed'));
           request.onblocked = () => reject(new Error(what + ' blocked'));
         });
         if (step == 'delete') return settle(indexedDB.deleteDatabase('oidc-wasm'), 'delete');
         if (step == 'hold') {
           const opening = indexedDB.open('oidc-wasm', 1);
           opening.onupgradeneeded = () => {
             const store = opening.result.createObjectStore('dpop-keys');
             const until = Date.now() + 5000;
             const busy = () => { if (Date.now() < until) store.get('busy').onsuccess = busy; };
             busy();
           };
           globalThis.heldOpen = settle(opening, 'hold').then((db) => db.close());
           return Promise.resolve();
         }
         if (step == 'held') return globalThis.heldOpen;
         if (step == 'upgrade') return settle(indexedDB.open('oidc-wasm', 2), 'upgrade').then((db) => db.close());",
    );
    step(&script, "delete").await.unwrap();
    step(&script, "hold").await.unwrap();
    let late = idb::get("idb-test:late").await;
    assert_eq!(late.unwrap_err(), idb::FAILED, "gave up at the deadline");
    step(&script, "held").await.unwrap();
    // The library's own open is answered right after the holder's: give it a moment.
    crate::browser::timer::sleep(200).await;
    let upgrade = step(&script, "upgrade").await;
    assert!(
        upgrade.is_ok(),
        "the late connection was left open: {upgrade:?}"
    );
    step(&script, "delete").await.unwrap();
}

/// Runs one step of a test script that returns a promise, and waits for it.
async fn step(script: &js_sys::Function, name: &str) -> Result<JsValue, JsValue> {
    let promise: js_sys::Promise = script
        .call1(&JsValue::NULL, &JsValue::from_str(name))?
        .into();
    wasm_bindgen_futures::JsFuture::from(promise).await
}

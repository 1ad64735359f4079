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

//! IndexedDB round trip: the first open creates the store, then put, get and delete.

use crate::browser::idb;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn put_get_delete_round_trip() {
    let key = "idb-test:issuer:client";
    assert!(idb::get(key).await.unwrap().is_none());
    let value = js_sys::Array::of2(&JsValue::from_str("a"), &JsValue::from_f64(2.0));
    idb::put(key, &value).await.unwrap();
    let got = idb::get(key).await.unwrap().expect("stored");
    assert_eq!(js_sys::JSON::stringify(&got).unwrap(), "[\"a\",2]");
    idb::delete(key).await.unwrap();
    assert!(idb::get(key).await.unwrap().is_none());
}

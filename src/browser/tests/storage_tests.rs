//! Round trips through sessionStorage, localStorage and memory.

use crate::browser::js;
use crate::browser::storage::{StorageKind, Store};
use wasm_bindgen_test::wasm_bindgen_test;

fn json(text: &str) -> wasm_bindgen::JsValue {
    js::parse_json(text).expect("valid JSON")
}

fn round_trip(kind: StorageKind, prefix: &str) {
    let store = Store::open(kind).unwrap();
    let key = format!("{prefix}:a");
    store.set_json(&key, &json("{\"v\":1}")).unwrap();
    store.set_json(&format!("{prefix}:b"), &json("2")).unwrap();
    store.set_json("unrelated-key", &json("3")).unwrap();
    let value = store.get_json(&key).expect("stored JSON is read back");
    assert_eq!(js::get(&value, "v").as_f64(), Some(1.0));
    assert_eq!(
        store
            .get_json(&format!("{prefix}:b"))
            .and_then(|v| v.as_f64()),
        Some(2.0)
    );
    assert!(store.get_json(&format!("{prefix}:missing")).is_none());
    // A value with no JSON form is refused and stores nothing.
    let refused = store.set_json(
        &format!("{prefix}:undefined"),
        &wasm_bindgen::JsValue::UNDEFINED,
    );
    assert_eq!(refused.unwrap_err().code(), "storage_error");
    assert!(store.get_json(&format!("{prefix}:undefined")).is_none());
    let mut keys = store.keys_with_prefix(prefix);
    keys.sort();
    assert_eq!(keys, vec![format!("{prefix}:a"), format!("{prefix}:b")]);
    store.remove(&key);
    assert!(store.get_json(&key).is_none());
    assert_eq!(store.keys_with_prefix(prefix), vec![format!("{prefix}:b")]);
    store.remove(&format!("{prefix}:b"));
    store.remove("unrelated-key");
}

#[wasm_bindgen_test]
fn session_storage_round_trip() {
    round_trip(StorageKind::Session, "t-session");
    let raw = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let store = Store::open(StorageKind::Session).unwrap();
    store.set_json("t-visible", &json("\"x\"")).unwrap();
    assert_eq!(raw.get_item("t-visible").unwrap().as_deref(), Some("\"x\""));
    // Text another script stored that is not JSON reads as none.
    raw.set_item("t-visible", "not JSON").unwrap();
    assert!(store.get_json("t-visible").is_none());
    store.remove("t-visible");
    // A value over the browser's quota (a few MB per origin) is refused, typed, and the
    // entry keeps what it held.
    store.set_json("t-quota", &json("1")).unwrap();
    let huge: wasm_bindgen::JsValue = js_sys::JsString::from("x").repeat(12_000_000).into();
    let refused = store.set_json("t-quota", &huge);
    assert_eq!(refused.unwrap_err().code(), "storage_error");
    assert_eq!(
        store.get_json("t-quota").and_then(|v| v.as_f64()),
        Some(1.0)
    );
    store.remove("t-quota");
}

#[wasm_bindgen_test]
fn local_storage_round_trip() {
    round_trip(StorageKind::Local, "t-local");
    let raw = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let store = Store::open(StorageKind::Local).unwrap();
    store.set_json("t-visible", &json("\"y\"")).unwrap();
    assert_eq!(raw.get_item("t-visible").unwrap().as_deref(), Some("\"y\""));
    store.remove("t-visible");
}

#[wasm_bindgen_test]
fn memory_storage_round_trip_stays_out_of_web_storage() {
    round_trip(StorageKind::Memory, "t-memory");
    let store = Store::open(StorageKind::Memory).unwrap();
    store.set_json("t-mem-only", &json("\"z\"")).unwrap();
    let window = web_sys::window().unwrap();
    assert_eq!(
        window
            .session_storage()
            .unwrap()
            .unwrap()
            .get_item("t-mem-only")
            .unwrap(),
        None
    );
    assert_eq!(
        window
            .local_storage()
            .unwrap()
            .unwrap()
            .get_item("t-mem-only")
            .unwrap(),
        None
    );
    // Another handle on memory storage sees the same values (one store per page).
    assert_eq!(
        Store::open(StorageKind::Memory)
            .unwrap()
            .get_json("t-mem-only")
            .and_then(|v| v.as_string())
            .as_deref(),
        Some("z")
    );
    store.remove("t-mem-only");
}

#[wasm_bindgen_test]
fn unknown_storage_kind_is_invalid_config() {
    assert_eq!(
        StorageKind::parse(Some("cookie")).unwrap_err().code(),
        "invalid_config"
    );
    assert_eq!(StorageKind::parse(None).unwrap(), StorageKind::Session);
}

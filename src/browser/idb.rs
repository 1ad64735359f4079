//! IndexedDB, for the one thing that must survive a reload and cannot be a string: the
//! client's DPoP key pair (non-extractable CryptoKeys are stored by structured clone).
//! Database `oidc-wasm`, object store `dpop-keys`, one entry per issuer and client ID.

use crate::browser::js;
use crate::core::Error;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/idb.js")]
extern "C" {
    /// One operation (0 get, 1 add, 2 delete) in a transaction of its own, bounded by 4 s;
    /// rejects with 0 (failed or too late) or 1 (no IndexedDB).
    #[wasm_bindgen(js_name = idbRun)]
    fn idb_run(op: u32, key: &str, value: &JsValue) -> Promise;
}

/// Any IndexedDB step that failed or passed its deadline.
pub const FAILED: Error = Error::Storage("IndexedDB failed or did not answer in 4 s");

/// What to do with the store.
enum Op<'a> {
    Get,
    Add(&'a JsValue),
    Delete,
}

/// Runs `op` on `key` (js/idb.js) and returns the request's result, or `storage_error`
/// after 4 s. A write given up on is not undone: its request stays queued and still
/// commits if the page lives long enough.
async fn run(op: Op<'_>, key: &str) -> Result<JsValue, Error> {
    let (op, value) = match op {
        Op::Get => (0, &JsValue::UNDEFINED),
        Op::Add(value) => (1, value),
        Op::Delete => (2, &JsValue::UNDEFINED),
    };
    JsFuture::from(idb_run(op, key, value))
        .await
        .map_err(|reason| match reason.as_f64() {
            Some(1.0) => Error::Unsupported("IndexedDB is not available"),
            _ => FAILED,
        })
}

/// The value stored under `key`, if any.
pub async fn get(key: &str) -> Result<Option<JsValue>, Error> {
    Ok(Some(run(Op::Get, key).await?).filter(js::is_present))
}

/// Stores `value` under `key` unless something is stored there already (then `storage_error`).
pub async fn add(key: &str, value: &JsValue) -> Result<(), Error> {
    run(Op::Add(value), key).await.map(|_| ())
}

pub async fn delete(key: &str) -> Result<(), Error> {
    run(Op::Delete, key).await.map(|_| ())
}

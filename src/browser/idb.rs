//! IndexedDB, for the one thing that must survive a reload and cannot be a string: the
//! client's DPoP key pair (non-extractable CryptoKeys are stored by structured clone).
//! Database `oidc-wasm`, object store `dpop-keys`, one entry per issuer and client ID.

use crate::core::Error;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/shell.js")]
extern "C" {
    /// One operation (0 get, 1 add, 2 delete) in a transaction of its own, bounded by 4 s;
    /// rejects with 0 (failed or too late) or 1 (no IndexedDB).
    #[wasm_bindgen(js_name = idbRun)]
    fn idb_run(op: u32, key: &str, value: &JsValue) -> Promise;
}

/// Any IndexedDB step that failed or passed its deadline.
pub const FAILED: Error = Error::Storage("IndexedDB failed or did not answer in 4 s");

/// Why an IndexedDB step of js/shell.js gave no result (the DPoP key pair's too).
pub fn failure(reason: &JsValue) -> Error {
    match reason.as_f64() {
        Some(1.0) => Error::Unsupported("IndexedDB is not available"),
        _ => FAILED,
    }
}

/// Runs operation `op` (0 get, 1 add, 2 delete) on `key` and returns the request's
/// result, or `storage_error` after 4 s. A write given up on is not undone: its request
/// stays queued and still commits if the page lives long enough.
async fn run(op: u32, key: &str, value: &JsValue) -> Result<JsValue, Error> {
    JsFuture::from(idb_run(op, key, value))
        .await
        .map_err(|reason| failure(&reason))
}

/// The value stored under `key`, if any. (The key pair is read by js/shell.js's
/// `dpopKeyPair`; the browser tests read through this.)
#[cfg(test)]
pub async fn get(key: &str) -> Result<Option<JsValue>, Error> {
    Ok(Some(run(0, key, &JsValue::UNDEFINED).await?).filter(crate::browser::js::is_present))
}

/// Stores `value` under `key` unless something is stored there already (then
/// `storage_error`).
#[cfg(test)]
pub async fn add(key: &str, value: &JsValue) -> Result<(), Error> {
    run(1, key, value).await.map(|_| ())
}

pub async fn delete(key: &str) -> Result<(), Error> {
    run(2, key, &JsValue::UNDEFINED).await.map(|_| ())
}

//! IndexedDB, for the one thing that must survive a reload and cannot be a string: the
//! client's DPoP key pair (non-extractable CryptoKeys are stored by structured clone).
//! Database `oidc-wasm`, object store `dpop-keys`, one entry per issuer and client ID.

use crate::browser::{js, timer};
use crate::core::Error;
use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbFactory, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "oidc-wasm";
const STORE: &str = "dpop-keys";
/// Any IndexedDB step that failed or passed its deadline.
pub const FAILED: Error = Error::Storage("IndexedDB failed or did not answer in 4 s");
/// How long one operation (open, request, commit) may take in all. IndexedDB answers in
/// milliseconds, but it queues a transaction behind any other on the same store, another
/// tab's too: without a bound, one that never ends would hold sign-in and sign-out.
const DEADLINE_MS: u32 = 4000;

/// `done` or the operation's deadline, whichever comes first.
fn within(done: &Promise, deadline: &Promise) -> JsFuture {
    JsFuture::from(Promise::race(&Array::of2(done, deadline)))
}

/// Waits for the request to succeed (or fail), then reads its result. The promise's own
/// `resolve`/`reject` are the handlers: no Rust closure per request (code size).
async fn settled(request: &IdbRequest, deadline: &Promise) -> Result<JsValue, Error> {
    let done = Promise::new(&mut |resolve: Function, reject: Function| {
        js::set(request, "onsuccess", &resolve);
        js::set(request, "onerror", &reject);
    });
    within(&done, deadline).await.map_err(|_| FAILED)?;
    Ok(js::get(request, "result"))
}

async fn open(deadline: &Promise) -> Result<IdbDatabase, Error> {
    let factory: IdbFactory = js::get_present(&js::global(), "indexedDB")
        .ok_or(Error::Unsupported("IndexedDB is not available"))?
        .unchecked_into();
    let request = factory.open_with_u32(DATABASE, 1).map_err(|_| FAILED)?;
    let creating = request.clone();
    // The first open creates the store.
    // JS owns the callback (it runs at most once, before success).
    let on_upgrade = Closure::<dyn FnMut()>::new(move || {
        let _ = js::get(&creating, "result")
            .unchecked_into::<IdbDatabase>()
            .create_object_store(STORE);
    })
    .into_js_value();
    js::set(&request, "onupgradeneeded", &on_upgrade);
    Ok(settled(&request, deadline).await?.unchecked_into())
}

/// What to do with the store.
enum Op<'a> {
    Get,
    Add(&'a JsValue),
    Delete,
}

/// Runs `op` on `key` in a transaction of its own and returns the request's result, or
/// `storage_error` after [`DEADLINE_MS`]. A write given up on is not undone: its request
/// stays queued and still commits if the page lives long enough.
async fn run(op: Op<'_>, key: &str) -> Result<JsValue, Error> {
    let (deadline, _clear) = timer::deadline(DEADLINE_MS);
    let db = open(&deadline).await?;
    let mode = match op {
        Op::Get => IdbTransactionMode::Readonly,
        _ => IdbTransactionMode::Readwrite,
    };
    let key = JsValue::from_str(key);
    let outcome = async {
        let tx = db
            .transaction_with_str_and_mode(STORE, mode)
            .map_err(|_| FAILED)?;
        let store = tx.object_store(STORE).map_err(|_| FAILED)?;
        // A write counts once its transaction commits, not when its request succeeds: a
        // page that leaves right after (sign-out's redirect, sign-in's) must not lose it.
        // Every end resolves, so an unawaited failure is no unhandled rejection.
        let ended = Promise::new(&mut |resolve: Function, _reject: Function| {
            js::set(&tx, "oncomplete", &resolve);
            js::set(&tx, "onerror", &resolve);
            js::set(&tx, "onabort", &resolve);
        });
        let request = match op {
            Op::Get => store.get(&key),
            Op::Add(value) => store.add_with_key(value, &key),
            Op::Delete => store.delete(&key),
        }
        .map_err(|_| FAILED)?;
        let result = settled(&request, &deadline).await?;
        if mode == IdbTransactionMode::Readwrite {
            let end = within(&ended, &deadline).await.map_err(|_| FAILED)?;
            if js::get(&end, "type").as_string().as_deref() != Some("complete") {
                return Err(FAILED);
            }
        }
        Ok(result)
    }
    .await;
    js::close(&db);
    outcome
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

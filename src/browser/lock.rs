//! Web Locks (`navigator.locks`): one renewal at a time across the tabs of an origin.

use crate::browser::js;
use crate::core::Error;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/shell.js")]
extern "C" {
    /// Runs `task(waited)` under the lock `name`, for `max_hold_ms` at most.
    #[wasm_bindgen(js_name = withLock)]
    fn with_lock_js(name: &str, max_hold_ms: u32, task: &Function) -> Promise;
}

type Slot<T> = Rc<RefCell<Option<Result<T, Error>>>>;

/// Runs `task` while holding the exclusive lock `name`, for `max_hold_ms` at most
/// (js/shell.js); other tabs asking for the same name wait. `task` learns whether this
/// tab had to wait for another tab. Where Web Locks are missing, `task(false)` runs at
/// once.
pub async fn with_lock<F, Fut, T>(name: &str, max_hold_ms: u32, task: F) -> Result<T, Error>
where
    F: FnOnce(bool) -> Fut + 'static,
    Fut: Future<Output = Result<T, Error>> + 'static,
    T: 'static,
{
    let slot: Slot<T> = Rc::new(RefCell::new(None));
    let filled = slot.clone();
    let mut task = Some(task);
    let callback = Closure::<dyn FnMut(bool) -> Promise>::new(move |waited: bool| {
        let (run, slot) = (task.take(), filled.clone());
        js::promise(async move {
            if let Some(run) = run {
                let outcome = run(waited).await;
                *slot.borrow_mut() = Some(outcome);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    JsFuture::from(with_lock_js(
        name,
        max_hold_ms,
        callback.as_ref().unchecked_ref(),
    ))
    .await
    .map_err(|_| Error::Unsupported("navigator.locks.request failed"))?;
    let outcome = slot.borrow_mut().take();
    outcome.unwrap_or(Err(Error::Unsupported(
        "the lock was released without running the task",
    )))
}

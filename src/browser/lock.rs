//! Web Locks (`navigator.locks`): one renewal at a time across the tabs of an origin.

use crate::core::Error;
use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen]
extern "C" {
    // web-sys has LockManager only behind its unstable-API flag.
    type LockManager;
    #[wasm_bindgen(method)]
    fn request(this: &LockManager, name: &str, callback: &Function) -> Promise;
}

fn lock_manager() -> Option<LockManager> {
    let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    Some(locks.unchecked_into())
}

/// Runs `task` while holding the exclusive lock `name`; other tabs asking for the
/// same name wait. Where Web Locks are missing, `task` runs at once.
pub async fn with_lock<F, T>(name: &str, task: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>> + 'static,
    T: 'static,
{
    let Some(locks) = lock_manager() else {
        return task.await;
    };
    let result: Rc<RefCell<Option<Result<T, Error>>>> = Rc::new(RefCell::new(None));
    let slot = result.clone();
    let mut task = Some(task);
    let callback = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |_lock: JsValue| {
        let task = task.take();
        let slot = slot.clone();
        // The lock is held until this promise settles.
        future_to_promise(async move {
            if let Some(task) = task {
                let outcome = task.await;
                *slot.borrow_mut() = Some(outcome);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let held = locks.request(name, callback.as_ref().unchecked_ref());
    JsFuture::from(held)
        .await
        .map_err(|_| Error::Unsupported("navigator.locks.request failed"))?;
    drop(callback);
    let outcome = result.borrow_mut().take();
    outcome.unwrap_or(Err(Error::Unsupported(
        "the lock was released without running the task",
    )))
}

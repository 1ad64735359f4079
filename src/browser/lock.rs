//! Web Locks (`navigator.locks`): one renewal at a time across the tabs of an origin.

use crate::browser::{js, timer};
use crate::core::Error;
use js_sys::{Function, Object, Promise};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    // web-sys has LockManager only behind its unstable-API flag.
    type LockManager;
    #[wasm_bindgen(method)]
    fn request(this: &LockManager, name: &str, options: &Object, callback: &Function) -> Promise;
}

fn lock_manager() -> Option<LockManager> {
    let locks = js::get_present(&js::get(&js::global(), "navigator"), "locks")?;
    Some(locks.unchecked_into())
}

type Slot<T> = Rc<RefCell<Option<Result<T, Error>>>>;
type Task<F> = Rc<RefCell<Option<F>>>;

/// Asks for the lock once. With `if_available` the request gives up at once (the
/// callback sees `null`) when another tab holds it; the task then stays in `task`.
async fn request<F, Fut, T>(
    locks: &LockManager,
    name: &str,
    if_available: bool,
    max_hold_ms: u32,
    task: Task<F>,
    slot: Slot<T>,
) -> Result<(), Error>
where
    F: FnOnce(bool) -> Fut + 'static,
    Fut: Future<Output = Result<T, Error>> + 'static,
    T: 'static,
{
    let callback = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |lock: JsValue| {
        if lock.is_null() {
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        let (run, slot) = (task.borrow_mut().take(), slot.clone());
        // The lock is held until this promise settles.
        let held = js::promise(async move {
            if let Some(run) = run {
                // Not `if_available`: this tab waited for another one.
                let outcome = run(!if_available).await;
                *slot.borrow_mut() = Some(outcome);
            }
            Ok(JsValue::UNDEFINED)
        });
        // Every step of the task has its own deadline; this one bounds the lock itself,
        // should the task never settle (a trap in the wasm), so other tabs are not
        // locked out for the page's life.
        let cap = Promise::new(&mut |resolve, _| {
            timer::set_timeout(&resolve, max_hold_ms);
        });
        Promise::race(&js_sys::Array::of2(&held, &cap))
    });
    let options = Object::new();
    js::set(&options, "ifAvailable", &JsValue::from_bool(if_available));
    let held = locks.request(name, &options, callback.as_ref().unchecked_ref());
    JsFuture::from(held)
        .await
        .map(|_| ())
        .map_err(|_| Error::Unsupported("navigator.locks.request failed"))
}

/// Runs `task` while holding the exclusive lock `name`, for `max_hold_ms` at most;
/// other tabs asking for the same name wait. `task` learns whether this tab had to
/// wait for another tab. Where Web Locks are missing, `task(false)` runs at once.
pub async fn with_lock<F, Fut, T>(name: &str, max_hold_ms: u32, task: F) -> Result<T, Error>
where
    F: FnOnce(bool) -> Fut + 'static,
    Fut: Future<Output = Result<T, Error>> + 'static,
    T: 'static,
{
    let Some(locks) = lock_manager() else {
        return task(false).await;
    };
    let slot: Slot<T> = Rc::new(RefCell::new(None));
    let task: Task<F> = Rc::new(RefCell::new(Some(task)));
    request(&locks, name, true, max_hold_ms, task.clone(), slot.clone()).await?;
    if task.borrow().is_some() {
        // Another tab holds the lock: queue for it.
        request(&locks, name, false, max_hold_ms, task, slot.clone()).await?;
    }
    let outcome = slot.borrow_mut().take();
    outcome.unwrap_or(Err(Error::Unsupported(
        "the lock was released without running the task",
    )))
}

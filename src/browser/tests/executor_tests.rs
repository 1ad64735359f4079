//! The crate's executor (browser/executor.rs): tasks start at a later microtask, in the
//! order spawned; a task waits on a JS promise and resumes when it settles; a promise
//! made from a future settles as the future ends.

use crate::browser::executor::{promise, spawn};
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// Resolves after every microtask queued so far has run (a macrotask later).
async fn later() {
    let timer = Promise::new(&mut |resolve: Function, _reject: Function| {
        let set_timeout: Function = js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into())
            .unwrap()
            .into();
        let _ = set_timeout.call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(0));
    });
    JsFuture::from(timer).await.unwrap();
}

#[wasm_bindgen_test]
async fn tasks_start_after_the_caller_in_the_order_spawned() {
    let log = Rc::new(RefCell::new(Vec::new()));
    for name in ["a", "b", "c"] {
        let log = log.clone();
        spawn(Box::pin(async move { log.borrow_mut().push(name) }));
    }
    assert!(log.borrow().is_empty(), "no task ran inside spawn");
    later().await;
    assert_eq!(*log.borrow(), ["a", "b", "c"]);
}

#[wasm_bindgen_test]
async fn a_task_resumes_when_the_promise_it_awaits_settles() {
    let mut resolve_it = None;
    let pending =
        Promise::new(&mut |resolve: Function, _reject: Function| resolve_it = Some(resolve));
    let got = Rc::new(RefCell::new(None));
    let seen = got.clone();
    spawn(Box::pin(async move {
        *seen.borrow_mut() = JsFuture::from(pending).await.ok().and_then(|v| v.as_f64());
    }));
    later().await;
    assert_eq!(*got.borrow(), None, "still waiting");
    resolve_it
        .unwrap()
        .call1(&JsValue::UNDEFINED, &JsValue::from(7))
        .unwrap();
    later().await;
    assert_eq!(*got.borrow(), Some(7.0));
}

/// Wakes itself twice on its first poll, then waits for nothing: pending forever.
struct WakesTwice {
    polls: Rc<RefCell<u32>>,
}

impl Future for WakesTwice {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        *self.polls.borrow_mut() += 1;
        if *self.polls.borrow() == 1 {
            cx.waker().wake_by_ref();
            // A clone woken by value: the other way in.
            let clone = cx.waker().clone();
            clone.wake();
        }
        Poll::Pending
    }
}

#[wasm_bindgen_test]
async fn two_wakes_before_a_poll_make_one_poll() {
    let polls = Rc::new(RefCell::new(0));
    spawn(Box::pin(WakesTwice {
        polls: polls.clone(),
    }));
    later().await;
    assert_eq!(*polls.borrow(), 2, "the first poll, and one for both wakes");
}

/// What a promise settled with, as text: `Ok` fulfilled, `Err` rejected.
async fn settled(promise: Promise) -> Result<Option<String>, Option<String>> {
    JsFuture::from(promise)
        .await
        .map(|value| value.as_string())
        .map_err(|error| error.as_string())
}

#[wasm_bindgen_test]
async fn a_promise_settles_as_its_future_ends() {
    let fulfilled = promise(Box::pin(async { Ok(JsValue::from("yes")) }));
    assert_eq!(settled(fulfilled).await, Ok(Some("yes".into())));
    let rejected = promise(Box::pin(async { Err(JsValue::from("no")) }));
    assert_eq!(settled(rejected).await, Err(Some("no".into())));
}

//! The one executor: the crate's futures run on the page's microtask queue, each polled
//! again when something it awaits (a JS promise, through `JsFuture`) wakes it.
//!
//! wasm-bindgen-futures does the same and more (JSPI stacks, a fallback for engines
//! without `queueMicrotask`, a deque); a browser and Node 18+ need this much, which costs
//! less wasm (measured in bench/size-levers.md).

use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, RawWaker, RawWakerVTable, Waker};
use wasm_bindgen::prelude::*;

pub type Task = Pin<Box<dyn Future<Output = ()>>>;

/// A spawned future, until it finishes.
struct Spawned {
    future: RefCell<Option<Task>>,
    /// Waiting in [`QUEUE`]: a second wake before the poll adds nothing.
    queued: Cell<bool>,
}

thread_local! {
    /// The futures to poll at the next microtask.
    static QUEUE: RefCell<Vec<Rc<Spawned>>> = const { RefCell::new(Vec::new()) };
    static RUN: Closure<dyn FnMut()> = Closure::new(run);
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(callback: &JsValue);
}

/// Runs `task` to its end, first polled at the next microtask (never inside the caller).
pub fn spawn(task: Task) {
    schedule(Rc::new(Spawned {
        future: RefCell::new(Some(task)),
        queued: Cell::new(false),
    }));
}

/// A promise of what `task` gives: fulfilled with `Ok`, rejected with `Err`.
pub fn promise(task: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>) -> Promise {
    let mut settle: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    if let Some((resolve, reject)) = settle {
        spawn(Box::pin(async move {
            let (callback, value) = match task.await {
                Ok(value) => (resolve, value),
                Err(error) => (reject, error),
            };
            let _ = callback.call1(&JsValue::UNDEFINED, &value);
        }));
    }
    promise
}

fn schedule(spawned: Rc<Spawned>) {
    if spawned.queued.replace(true) {
        return;
    }
    let first = QUEUE.with(|queue| {
        let mut queue = queue.borrow_mut();
        queue.push(spawned);
        queue.len() == 1
    });
    if first {
        RUN.with(|run| queue_microtask(run.as_ref()));
    }
}

/// Polls what was queued when this microtask began; what wakes meanwhile goes to the next.
fn run() {
    let ready = QUEUE.with(|queue| core::mem::take(&mut *queue.borrow_mut()));
    for spawned in ready {
        spawned.queued.set(false);
        let waker = waker(&spawned);
        let mut future = spawned.future.borrow_mut();
        let done = match future.as_mut() {
            Some(task) => task
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready(),
            None => false,
        };
        if done {
            *future = None;
        }
    }
}

// A waker is a counted reference to its `Spawned` (single-threaded: `Rc`, never sent).
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone_waker, wake, wake_by_ref, drop_waker);

fn waker(spawned: &Rc<Spawned>) -> Waker {
    let raw = RawWaker::new(Rc::into_raw(spawned.clone()).cast(), &VTABLE);
    // SAFETY: the vtable below keeps the reference count of the `Rc` behind `raw`.
    unsafe { Waker::from_raw(raw) }
}

unsafe fn clone_waker(data: *const ()) -> RawWaker {
    // SAFETY: `data` came from `Rc::into_raw` and its count is still held by this waker.
    unsafe { Rc::increment_strong_count(data.cast::<Spawned>()) };
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake(data: *const ()) {
    // SAFETY: takes over the count this waker held.
    schedule(unsafe { Rc::from_raw(data.cast::<Spawned>()) });
}

unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: a new count for the queue; the waker keeps its own.
    unsafe { Rc::increment_strong_count(data.cast::<Spawned>()) };
    schedule(unsafe { Rc::from_raw(data.cast::<Spawned>()) });
}

unsafe fn drop_waker(data: *const ()) {
    // SAFETY: gives back the count this waker held.
    drop(unsafe { Rc::from_raw(data.cast::<Spawned>()) });
}

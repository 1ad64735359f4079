//! The watcher with the silent-renew iframe: answers are taken only from our origin,
//! our frame and our state; the frame and its listeners are gone on every outcome.

use crate::browser::watch::{self, Opening};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn iframes_in_document() -> u32 {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector_all("iframe")
        .unwrap()
        .length()
}

fn origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

/// A same-origin page (blob: URLs keep their creator's origin) with this body script.
fn blob_page(script: &str) -> String {
    let html = format!("<!doctype html><script>{script}</script>");
    let parts = js_sys::Array::of1(&JsValue::from_str(&html));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/html");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    web_sys::Url::create_object_url_with_blob(&blob).unwrap()
}

/// Counts messages carrying `data` that reach the window, so that an "ignored"
/// test proves the message did arrive.
struct MessageCounter {
    seen: Rc<std::cell::Cell<u32>>,
    listener: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl MessageCounter {
    fn new(data: &str) -> MessageCounter {
        use wasm_bindgen::JsCast;
        let seen = Rc::new(std::cell::Cell::new(0));
        let (count, data) = (seen.clone(), data.to_string());
        let listener = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if event.data().as_string().as_deref() == Some(data.as_str()) {
                    count.set(count.get() + 1);
                }
            },
        );
        web_sys::window()
            .unwrap()
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
            .unwrap();
        MessageCounter { seen, listener }
    }
}

impl Drop for MessageCounter {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        let _ = web_sys::window()
            .unwrap()
            .remove_event_listener_with_callback("message", self.listener.as_ref().unchecked_ref());
    }
}

/// Waits on a hidden frame sent to `page` for an answer at our silent page with `state`.
async fn wait(page: &str, timeout_ms: u32, state: &str) -> Result<String, crate::core::Error> {
    let redirect_uri = format!("{}/silent.html", origin());
    watch::wait(
        Opening::HiddenFrame,
        page,
        timeout_ms,
        redirect_uri,
        state.into(),
    )
    .await
}

#[wasm_bindgen_test]
async fn no_answer_times_out_and_removes_the_frame() {
    let page = blob_page("");
    let before = iframes_in_document();
    let result = wait(&page, 300, "s1").await;
    assert_eq!(result.unwrap_err().code(), "timeout");
    assert_eq!(iframes_in_document(), before);
}

#[wasm_bindgen_test]
async fn a_message_with_our_state_from_our_frame_is_the_answer() {
    let answer = format!("{}/silent.html?code=c1&state=s2", origin());
    let page = blob_page(&format!("parent.postMessage({answer:?}, '*')"));
    let before = iframes_in_document();
    let result = wait(&page, 5_000, "s2").await;
    assert_eq!(result.unwrap(), answer);
    assert_eq!(iframes_in_document(), before);
}

#[wasm_bindgen_test]
async fn a_message_with_another_state_is_ignored() {
    let answer = format!("{}/silent.html?code=c1&state=other", origin());
    let page = blob_page(&format!("parent.postMessage({answer:?}, '*')"));
    let counter = MessageCounter::new(&answer);
    let result = wait(&page, 500, "s3").await;
    assert_eq!(result.unwrap_err().code(), "timeout");
    assert_eq!(counter.seen.get(), 1, "the message did arrive");
    assert_eq!(iframes_in_document(), 0);
}

#[wasm_bindgen_test]
async fn a_message_from_another_origin_is_ignored() {
    // data: pages have an opaque origin ("null"), whatever they post.
    let answer = format!("{}/silent.html?code=c1&state=s4", origin());
    let page = format!("data:text/html,<script>parent.postMessage('{answer}', '*')</script>");
    let counter = MessageCounter::new(&answer);
    let result = wait(&page, 500, "s4").await;
    assert_eq!(result.unwrap_err().code(), "timeout");
    assert_eq!(counter.seen.get(), 1, "the message did arrive");
    assert_eq!(iframes_in_document(), 0);
}

#[wasm_bindgen_test]
async fn a_message_from_our_window_but_not_our_frame_is_ignored() {
    let answer = format!("{}/silent.html?code=c1&state=s5", origin());
    let page = blob_page("");
    let window = web_sys::window().unwrap();
    let post = {
        let answer = answer.clone();
        crate::browser::timer::Timer::once(50, move || {
            let _ = window.post_message(&JsValue::from_str(&answer), "*");
        })
    };
    let counter = MessageCounter::new(&answer);
    let result = wait(&page, 500, "s5").await;
    drop(post);
    assert_eq!(result.unwrap_err().code(), "timeout");
    assert_eq!(counter.seen.get(), 1, "the message did arrive");
}

#[wasm_bindgen_test]
async fn the_frames_own_address_is_read_when_it_comes_back_to_our_origin() {
    // A static page with no script: the frame is sent to it, we read its location.
    let target = format!("{}/silent.html?code=c6&state=s6", origin());
    let page = blob_page(&format!("location.replace({target:?})"));
    let result = wait(&page, 5_000, "s6").await;
    assert_eq!(result.unwrap(), target);
    assert_eq!(iframes_in_document(), 0);
}

#[wasm_bindgen_test]
async fn a_frame_that_stays_on_another_origin_fails_fast() {
    // A data: page has an opaque origin, like the provider's error page: once it has
    // loaded, only the grace period is left, not the whole timeout.
    let started = js_sys::Date::now();
    let result = wait("data:text/html,<p>500</p>", 15_000, "s7").await;
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(result.unwrap_err().code(), "iframe_error");
    assert!(
        elapsed < 10_000.0,
        "failed after {elapsed} ms, the timeout was 15 s"
    );
    assert_eq!(iframes_in_document(), 0);
}

#[wasm_bindgen_test]
async fn without_a_body_there_is_no_frame_and_a_typed_error() {
    // js/shell.js answers 1 when the document has no body; the wasm maps it to
    // `unsupported`. The body is out of the tree only while `wait` runs: it settles
    // before its first await, so the harness never finds its output missing.
    let document = web_sys::window().unwrap().document().unwrap();
    let body = document.body().unwrap();
    let root = document.document_element().unwrap();
    root.remove_child(&body).unwrap();
    let result = wait("about:blank", 5_000, "s8").await;
    root.append_child(&body).unwrap();
    let error = result.unwrap_err();
    assert_eq!(error.code(), "unsupported");
    assert_eq!(
        error.to_string(),
        "unsupported: silent renew needs a document body"
    );
    assert_eq!(iframes_in_document(), 0);
}

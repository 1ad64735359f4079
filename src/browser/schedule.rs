//! The renew/expiry timer. The core says when (`RenewSchedule`); this file arms one
//! timeout, and when it fires re-reads the clock and asks again, since background tabs
//! fire timers late (quinn's `drive_timer` does the same). The page waking up
//! (`visibilitychange`, `online`, `pageshow` from the back/forward cache) asks again too:
//! timers sleep with the laptop.

use crate::browser::broadcast::{Channel, SIGNED_OUT};
use crate::browser::client::Client;
use crate::browser::executor::spawn;
use crate::browser::listener::Listener;
use crate::browser::renew::{note, signin_silent};
use crate::browser::storage::StorageKind;
use crate::browser::timer::Timer;
use crate::browser::{from_js, js, session_store};
use crate::core::{supersedes, Session};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// When this tab should next look at its session (see `RenewSchedule::next_wake_at`).
pub(crate) fn next_wake_at(client: &Client, session: &Session, now: u64) -> u64 {
    client.renew_schedule.get().next_wake_at(
        session,
        client.options.automatic_silent_renew,
        client.options.renew_before_expiry_s,
        now,
    )
}

/// (Re)arms the timer for the stored session; with no session, disarms it.
pub fn schedule(client: &Rc<Client>) {
    drop(client.timer.borrow_mut().take());
    let Some((session, _)) = session_store::load_any(client) else {
        return;
    };
    let now = js::now_s();
    let delay_s = next_wake_at(client, &session, now).saturating_sub(now);
    // Timers take a 32-bit millisecond count; a longer wait wakes early and re-asks.
    let delay_ms = delay_s.saturating_mul(1000).min(i32::MAX as u64) as u32;
    let weak = Rc::downgrade(client);
    let timeout = Timer::once(delay_ms, move || {
        // Not inside the timer's own callback: waking may drop and re-arm this timer.
        spawn(Box::pin(wake(weak.clone())));
    });
    *client.timer.borrow_mut() = Some(timeout);
}

async fn wake(client: Weak<Client>) {
    let Some(client) = client.upgrade() else {
        return;
    };
    let Some((session, object)) = session_store::load_any(&client) else {
        drop(client.timer.borrow_mut().take());
        return;
    };
    let now = js::now_s();
    if !session.is_live(now) {
        drop(client.timer.borrow_mut().take());
        session_store::remove(&client);
        client.reset_renew_schedule();
        client.events.emit("expired", &JsValue::NULL);
        return;
    }
    let due = client.options.automatic_silent_renew
        && client.renew_schedule.get().is_attempt_due(
            &session,
            client.options.renew_before_expiry_s,
            now,
        );
    // A renewal already under way re-arms the timer when it settles.
    if client.renewing.borrow().is_some() {
        return;
    }
    if !due {
        // Woke early (clamped delay, page woke up, the session changed): ask again.
        schedule(&client);
        return;
    }
    client.events.emit("expiring", &object);
    // A success emits `renewed`, resets the schedule and re-arms the timer in signin_silent.
    if let Err(error) = JsFuture::from(signin_silent(&client)).await {
        let mut renew = client.renew_schedule.get();
        renew.handle_failure(&session, js::now_s());
        client.renew_schedule.set(renew);
        client.events.emit("renew_error", &error);
        schedule(&client);
    }
}

/// Re-checks the schedule whenever `event` fires on `target` (and `when` holds).
fn wake_on(
    client: &Rc<Client>,
    target: web_sys::EventTarget,
    event: &'static str,
    when: impl Fn() -> bool + 'static,
) {
    let weak = Rc::downgrade(client);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if when() {
            // Looks now: past due already when the laptop slept through the timer.
            spawn(Box::pin(wake(weak.clone())));
        }
    });
    client
        .wake_listeners
        .borrow_mut()
        .push(Listener::attach(target, event, callback));
}

/// Starts a new client's background work: other tabs' notices (sign-outs always;
/// renewed sessions with localStorage only, as other storage is not shared), a
/// re-check when the page wakes up again, and the timer for a session stored earlier.
pub fn start(client: &Rc<Client>) {
    *client.known_session.borrow_mut() = session_store::load_any(client).map(|(s, _)| s);
    let weak = Rc::downgrade(client);
    let on_message = Box::new(move |message: JsValue| {
        let Some(client) = weak.upgrade() else {
            return;
        };
        if message.as_string().as_deref() == Some(SIGNED_OUT) {
            // Another tab of this client signed out: so does this one, whatever its storage.
            session_store::sign_out_here(&client);
            schedule(&client);
        } else if client.options.storage == StorageKind::Local {
            adopt_if_newer(&client, message);
        }
    });
    *client.channel.borrow_mut() = Channel::open(&client.renew_lock_name(), on_message);
    if let Some(window) = js::window() {
        if let Some(document) = js::get_present(&window, "document") {
            let visible = document.clone();
            wake_on(client, document.into(), "visibilitychange", move || {
                js::get(&visible, "visibilityState").as_string().as_deref() == Some("visible")
            });
        }
        wake_on(client, window.clone().into(), "online", || true);
        wake_on(client, window.into(), "pageshow", || true);
    }
    schedule(client);
}

/// Another tab stored a session: take it if it is newer than ours.
fn adopt_if_newer(client: &Rc<Client>, object: JsValue) {
    let Some(heard) = from_js::session(&object) else {
        return;
    };
    if !supersedes(&heard, client.known_session.borrow().as_ref(), js::now_s()) {
        return;
    }
    let current_sub = session_store::load_any(client).and_then(|(_, o)| session_store::sub_of(&o));
    if !session_store::is_adoptable_here(client, &heard, &object, current_sub.as_deref()) {
        return;
    }
    *client.heard_session.borrow_mut() = Some(object.clone());
    if note(client, &heard) {
        client.reset_renew_schedule();
        client.events.emit("renewed", &object);
        schedule(client);
    }
}

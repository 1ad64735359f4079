//! The shell's wake-up instant: the core's renewal or retry instant when automatic
//! renew is on, expiry always; checked on a fixed clock with real client state.

use crate::browser::client::{Client, ShellOptions};
use crate::browser::schedule::next_wake_at;
use crate::browser::storage::StorageKind;
use crate::core::{AccessToken, Config, Metadata, Session};
use wasm_bindgen_test::wasm_bindgen_test;

const T0: u64 = 1_800_000_000;

fn client(automatic: bool) -> Client {
    let meta = Metadata {
        issuer: "http://localhost:9000".into(),
        authorization_endpoint: "http://localhost:9000/auth".into(),
        token_endpoint: "http://localhost:9000/token".into(),
        userinfo_endpoint: None,
        jwks_uri: "http://localhost:9000/jwks".into(),
        end_session_endpoint: None,
        revocation_endpoint: None,
        introspection_endpoint: None,
        authorization_response_iss_parameter_supported: false,
        code_challenge_methods_supported: None,
    };
    let options = ShellOptions {
        storage: StorageKind::Memory,
        automatic_silent_renew: automatic,
        renew_before_expiry_s: 60,
        silent_timeout_ms: 10_000,
        request_timeout_ms: 10_000,
        dpop: false,
        load_user_info: false,
    };
    let cfg = Config::new("spa".into(), "http://localhost:8080/callback".into());
    Client::new(cfg, meta.into(), options).unwrap()
}

fn session(lifetime_s: u64) -> Session {
    Session {
        access_token: AccessToken::new("at".into()),
        id_token: None,
        refresh_token: None,
        token_type: "Bearer".into(),
        scope: None,
        expires_at: T0 + lifetime_s,
        issued_at: T0,
    }
}

#[wasm_bindgen_test]
fn a_ten_second_token_wakes_halfway_an_hour_token_a_minute_early() {
    let c = client(true);
    assert_eq!(next_wake_at(&c, &session(10), T0), T0 + 5);
    assert_eq!(next_wake_at(&c, &session(3600), T0), T0 + 3540);
}

#[wasm_bindgen_test]
fn without_automatic_renew_it_wakes_only_at_expiry() {
    let c = client(false);
    assert_eq!(next_wake_at(&c, &session(3600), T0), T0 + 3600);
}

#[wasm_bindgen_test]
fn after_failures_it_follows_the_retry_ladder_until_expiry() {
    let c = client(true);
    let s = session(60);
    let fail_at = |now: u64| {
        let mut renew = c.renew_schedule.get();
        renew.handle_failure(&s, now);
        c.renew_schedule.set(renew);
    };
    fail_at(T0 + 40);
    assert_eq!(next_wake_at(&c, &s, T0 + 40), T0 + 41);
    // Waking at the retry instant finds it due: it is not recomputed from now, which
    // pushed it one step on at every wake-up and so never came.
    assert_eq!(next_wake_at(&c, &s, T0 + 41), T0 + 41);
    assert!(c.renew_schedule.get().is_attempt_due(&s, 60, T0 + 41));
    fail_at(T0 + 41);
    fail_at(T0 + 43);
    assert_eq!(next_wake_at(&c, &s, T0 + 44), T0 + 47);
    // No retry fits before expiry: wake at expiry (to emit `expired`).
    fail_at(T0 + 59);
    assert_eq!(next_wake_at(&c, &s, T0 + 59), T0 + 60);
    c.reset_renew_schedule();
    assert_eq!(next_wake_at(&c, &s, T0 + 45), T0 + 45);
}

#[wasm_bindgen_test]
fn a_late_timer_wakes_now_never_in_the_past() {
    let c = client(true);
    assert_eq!(next_wake_at(&c, &session(3600), T0 + 3590), T0 + 3590);
}

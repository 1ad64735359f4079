use crate::core::{
    next_renewal_at, next_retry_at, refresh_failure_falls_back_to_iframe, supersedes, AccessToken,
    Error, Session,
};

const T0: u64 = 1_700_000_000;

fn session(issued_at: u64, expires_at: u64) -> Session {
    Session {
        access_token: AccessToken::new("at".into()),
        id_token: None,
        refresh_token: None,
        token_type: "Bearer".into(),
        scope: None,
        expires_at,
        issued_at,
    }
}

#[test]
fn ten_second_token_renews_halfway() {
    // renew_before 60 would be before the token was even issued: capped at half its life.
    let s = session(T0, T0 + 10);
    assert_eq!(next_renewal_at(&s, 60, T0), Some(T0 + 5));
    assert_eq!(next_renewal_at(&s, 60, T0 + 3), Some(T0 + 5));
}

#[test]
fn one_hour_token_renews_a_minute_early() {
    let s = session(T0, T0 + 3600);
    assert_eq!(next_renewal_at(&s, 60, T0), Some(T0 + 59 * 60));
    assert_eq!(next_renewal_at(&s, 0, T0), Some(T0 + 3599));
}

#[test]
fn past_the_point_renews_now() {
    let s = session(T0, T0 + 3600);
    assert_eq!(next_renewal_at(&s, 60, T0 + 3540), Some(T0 + 3540));
    assert_eq!(next_renewal_at(&s, 60, T0 + 3599), Some(T0 + 3599));
}

#[test]
fn expired_has_nothing_to_renew() {
    let s = session(T0, T0 + 3600);
    assert_eq!(next_renewal_at(&s, 60, T0 + 3600), None);
    assert_eq!(next_renewal_at(&s, 60, T0 + 9999), None);
    assert_eq!(next_renewal_at(&session(0, 0), 60, 0), None);
}

#[test]
fn unknown_issue_time_uses_time_left() {
    // issued_at 0 (older versions) or not before expires_at: half the time left caps the lead.
    let s = session(0, T0 + 3600);
    assert_eq!(next_renewal_at(&s, 60, T0), Some(T0 + 3540));
    assert_eq!(next_renewal_at(&s, 60, T0 + 3580), Some(T0 + 3590));
    let s = session(T0 + 10, T0 + 10);
    assert_eq!(next_renewal_at(&s, 60, T0), Some(T0 + 5));
    // One second left: renew now, not at expiry.
    assert_eq!(next_renewal_at(&s, 60, T0 + 9), Some(T0 + 9));
}

#[test]
fn never_at_or_after_expiry() {
    // A 1-second token (lead 0) still renews while live.
    let s = session(T0, T0 + 1);
    assert_eq!(next_renewal_at(&s, 60, T0), Some(T0));
    let s = session(T0, u64::MAX);
    assert_eq!(next_renewal_at(&s, 60, T0), Some(u64::MAX - 60));
}

/// Simulated clock, quinn-style: jump to each wake-up, renew, ask again. Renewals of a
/// 10-second token come every 5 seconds, never in a loop.
#[test]
fn simulated_clock_renews_on_schedule() {
    let mut now = T0;
    let mut s = session(T0, T0 + 10);
    let mut renewals = Vec::new();
    while now < T0 + 30 {
        let at = next_renewal_at(&s, 60, now).unwrap();
        assert!(at >= now);
        now = at;
        renewals.push(now - T0);
        s = session(now, now + 10);
    }
    assert_eq!(renewals, vec![5, 10, 15, 20, 25, 30]);
    // A timer that fires late (a throttled tab) re-reads the clock and renews at once.
    let s = session(T0, T0 + 3600);
    assert_eq!(next_renewal_at(&s, 60, T0 + 3570), Some(T0 + 3570));
}

#[test]
fn retry_ladder_doubles_to_a_cap() {
    let s = session(T0, T0 + 3600);
    let waits: Vec<u64> = (1..=9)
        .map(|a| next_retry_at(&s, a, T0).unwrap() - T0)
        .collect();
    assert_eq!(waits, vec![1, 2, 4, 8, 16, 30, 30, 30, 30]);
    assert_eq!(next_retry_at(&s, 0, T0), Some(T0 + 1));
    assert_eq!(next_retry_at(&s, 64, T0), Some(T0 + 30));
    assert_eq!(next_retry_at(&s, u32::MAX, T0), Some(T0 + 30));
}

#[test]
fn retry_stops_at_expiry() {
    let s = session(T0, T0 + 10);
    assert_eq!(next_retry_at(&s, 3, T0 + 5), Some(T0 + 9));
    assert_eq!(next_retry_at(&s, 3, T0 + 6), None);
    assert_eq!(next_retry_at(&s, 1, T0 + 9), None);
    assert_eq!(next_retry_at(&s, 1, T0 + 10), None);
    assert_eq!(next_retry_at(&s, 1, T0 + 99), None);
    assert_eq!(next_retry_at(&session(0, u64::MAX), 9, u64::MAX - 1), None);
    // Simulated clock: retries until no time is left.
    let s = session(T0, T0 + 60);
    let mut now = T0;
    let mut attempts = Vec::new();
    let mut attempt = 1;
    while let Some(at) = next_retry_at(&s, attempt, now) {
        now = at;
        attempts.push(now - T0);
        attempt += 1;
    }
    assert_eq!(attempts, vec![1, 3, 7, 15, 31]);
}

fn oauth(error: &str) -> Error {
    Error::OAuth {
        error: error.into(),
        error_description: Some("x".into()),
    }
}

#[test]
fn only_invalid_grant_falls_back_to_the_iframe() {
    assert!(refresh_failure_falls_back_to_iframe(&oauth(
        "invalid_grant"
    )));
    for e in [
        oauth("invalid_client"),
        oauth("invalid_request"),
        oauth("INVALID_GRANT"),
        Error::Http { status: 400 },
        Error::Http { status: 500 },
        Error::Network,
        Error::Timeout,
        Error::SubMismatch,
    ] {
        assert!(!refresh_failure_falls_back_to_iframe(&e), "{}", e.code());
    }
}

fn issued(token: &str, issued_at: u64, expires_at: u64) -> Session {
    Session {
        access_token: AccessToken::new(token.into()),
        ..session(issued_at, expires_at)
    }
}

#[test]
fn another_tabs_session_supersedes_only_when_other_not_older_and_live() {
    let now = T0 + 100;
    let ours = issued("a1", T0, T0 + 3600);
    // Another tab renewed later.
    assert!(supersedes(
        &issued("a2", T0 + 50, T0 + 3650),
        Some(&ours),
        now
    ));
    // Renewed within the same second: the times tie, the token differs.
    assert!(supersedes(&issued("a2", T0, T0 + 3600), Some(&ours), now));
    // The very session we hold.
    assert!(!supersedes(&issued("a1", T0, T0 + 3600), Some(&ours), now));
    // Older, by issue time or (same second) by expiry.
    assert!(!supersedes(
        &issued("a0", T0 - 1, T0 + 9999),
        Some(&ours),
        now
    ));
    assert!(!supersedes(&issued("a0", T0, T0 + 3599), Some(&ours), now));
    // Newer but already over at `now`.
    assert!(!supersedes(&issued("a2", T0 + 50, now), Some(&ours), now));
    assert!(supersedes(
        &issued("a2", T0 + 50, now + 1),
        Some(&ours),
        now
    ));
    // A session from an older version (issued_at 0) is replaced by any other.
    let legacy = issued("a1", 0, T0 + 3600);
    assert!(supersedes(&issued("a2", T0, T0 + 3600), Some(&legacy), now));
    // Nothing held: any live session will do.
    assert!(supersedes(&ours, None, now));
    assert!(!supersedes(&issued("a2", T0, now), None, now));
}

use crate::core::{
    next_renewal_at, next_retry_at, refresh_failure_falls_back_to_iframe, supersedes, AccessToken,
    Error, RenewSchedule, Session,
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

/// The shell's loop on a simulated clock: sleep until `next_wake_at`, attempt when due, and
/// let `outage` say whether the attempt fails. Returns the attempt instants and whether the
/// session was renewed before it expired.
fn drive(s: &Session, outage_until: u64, extra_wakes: &[u64]) -> (Vec<u64>, Option<u64>) {
    let mut schedule = RenewSchedule::default();
    let mut now = T0;
    let mut attempts = Vec::new();
    let mut extra = extra_wakes.to_vec();
    while s.is_live(now) {
        let timer_at = schedule.next_wake_at(s, true, 60, now);
        // A visibilitychange or `online` event may wake the shell before its timer.
        now = match extra.first() {
            Some(&early) if early < timer_at => extra.remove(0),
            _ => timer_at,
        };
        if !schedule.is_attempt_due(s, 60, now) {
            continue;
        }
        attempts.push(now - T0);
        if now < outage_until {
            schedule.handle_failure(s, now);
        } else {
            schedule.reset();
            return (attempts, Some(now));
        }
    }
    (attempts, None)
}

#[test]
fn retries_after_a_failure_really_run_on_the_ladder() {
    // A 120 s token renews at 60 s; the provider is down until 80 s.
    let s = session(T0, T0 + 120);
    let (attempts, renewed_at) = drive(&s, T0 + 80, &[]);
    assert_eq!(attempts, vec![60, 61, 63, 67, 75, 91]);
    assert_eq!(renewed_at, Some(T0 + 91), "renewed before expiry at 120");
}

#[test]
fn early_wake_ups_do_not_postpone_a_retry() {
    // Visibility changes at 61.5 s-ish instants (whole seconds here) must not push retries on.
    let s = session(T0, T0 + 120);
    let (attempts, renewed_at) = drive(&s, T0 + 80, &[62, 64, 65, 66, 70, 74]);
    assert_eq!(attempts, vec![60, 61, 63, 67, 75, 91]);
    assert_eq!(renewed_at, Some(T0 + 91));
}

#[test]
fn an_outage_shorter_than_the_token_life_never_costs_the_session() {
    // 1-hour token, renew a minute before; outages of up to 59 s (less the 30 s cap).
    let s = session(T0, T0 + 3600);
    for outage in [0, 1, 5, 20, 28] {
        let (_, renewed_at) = drive(&s, T0 + 3540 + outage, &[]);
        let at = renewed_at.unwrap_or_else(|| panic!("outage of {outage} s cost the session"));
        assert!(at < s.expires_at);
    }
}

#[test]
fn with_no_retry_left_it_waits_for_expiry() {
    let s = session(T0, T0 + 10);
    let mut schedule = RenewSchedule::default();
    schedule.handle_failure(&s, T0 + 9);
    assert_eq!(schedule.failed_attempts(), 1);
    assert!(!schedule.is_attempt_due(&s, 60, T0 + 9));
    assert_eq!(schedule.next_wake_at(&s, true, 60, T0 + 9), T0 + 10);
    schedule.reset();
    assert_eq!(schedule, RenewSchedule::default());
}

#[test]
fn without_automatic_renew_it_wakes_only_at_expiry() {
    let s = session(T0, T0 + 3600);
    let schedule = RenewSchedule::default();
    assert_eq!(schedule.next_wake_at(&s, false, 60, T0), T0 + 3600);
    assert_eq!(schedule.next_wake_at(&s, true, 60, T0), T0 + 3540);
    // A late timer wakes now, never in the past.
    assert_eq!(schedule.next_wake_at(&s, true, 60, T0 + 3590), T0 + 3590);
}

#[test]
fn a_token_is_fresh_while_it_outlives_the_minimum_validity() {
    use crate::core::is_token_fresh;
    let s = session(T0, T0 + 100);
    assert!(is_token_fresh(&s, 60, T0 + 39));
    assert!(
        !is_token_fresh(&s, 60, T0 + 40),
        "exactly 60 s left is not more than 60"
    );
    assert!(is_token_fresh(&s, 0, T0 + 99));
    assert!(!is_token_fresh(&s, 0, T0 + 100), "expired");
    assert!(!is_token_fresh(&s, u64::MAX, T0));
}

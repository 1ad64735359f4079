//! The renewal schedule (DESIGN.md "Behaviour details": automatic renew, single-flight across
//! tabs; RFC 6749 §5.2 and §6 for refresh failures): queries only, quinn-style. The shell owns
//! the timer; when it fires (or on `visibilitychange`) it re-reads the clock and asks again.

use super::error::Error;
use super::session::Session;

/// The longest wait between two failed automatic attempts, seconds.
const RETRY_CAP_S: u64 = 30;

/// When automatic renewal should start, or `None` once the session has expired.
///
/// The lead before `expires_at` is `min(renew_before_s, lifetime / 2)`, lifetime being
/// `expires_at - issued_at`; when `issued_at` is unknown (0) or not before `expires_at`, the
/// time left (`expires_at - now`) stands in for the lifetime. Capping at half the lifetime
/// keeps a 10-second token from renewing in a loop under a 60-second `renew_before_s`.
/// The instant is never later than `expires_at - 1` (a renewal at `expires_at` would come
/// after the session is over) and never earlier than `now` (past the point: renew now).
pub fn next_renewal_at(session: &Session, renew_before_s: u64, now: u64) -> Option<u64> {
    let expires_at = session.expires_at;
    if now >= expires_at {
        return None;
    }
    let issued_at = session.issued_at;
    let span = if issued_at != 0 && issued_at < expires_at {
        expires_at - issued_at
    } else {
        expires_at - now
    };
    let lead = renew_before_s.min(span / 2);
    let at = (expires_at - lead).min(expires_at - 1);
    Some(at.max(now))
}

/// When to try again after failed automatic attempt number `attempt` (1-based).
///
/// The wait doubles from 1 second up to 30 (1, 2, 4, 8, 16, 30, 30, …); `None` when that
/// instant is not before `expires_at`: no time is left, and the shell waits for expiry.
/// Attempt 0 counts as 1.
pub fn next_retry_at(session: &Session, attempt: u32, now: u64) -> Option<u64> {
    let doublings = attempt.saturating_sub(1);
    let wait = 1u64
        .checked_shl(doublings)
        .unwrap_or(u64::MAX)
        .min(RETRY_CAP_S);
    let at = now.saturating_add(wait);
    if at < session.expires_at {
        Some(at)
    } else {
        None
    }
}

/// The automatic-renew timer's memory between wake-ups: how many attempts in a row failed,
/// and when the next retry is due. The retry instant is fixed when an attempt fails, not
/// recomputed from `now` at each wake-up: a wake-up that re-derived it from `now` would push
/// it into the future every time, and the retry would never come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenewSchedule {
    failed_attempts: u32,
    /// `None` with `failed_attempts > 0`: no retry fits before expiry.
    retry_at: Option<u64>,
}

impl RenewSchedule {
    /// Failed automatic attempts in a row (0: none).
    pub fn failed_attempts(&self) -> u32 {
        self.failed_attempts
    }

    /// An automatic attempt failed at `now`: the next retry follows the ladder of
    /// [`next_retry_at`] from this instant.
    pub fn handle_failure(&mut self, session: &Session, now: u64) {
        self.failed_attempts = self.failed_attempts.saturating_add(1);
        self.retry_at = next_retry_at(session, self.failed_attempts, now);
    }

    /// A renewal succeeded, or the session changed (adopted, signed in, removed): start over.
    pub fn reset(&mut self) {
        *self = RenewSchedule::default();
    }

    /// When the shell should next look at `session`: the renewal (or retry) instant when
    /// automatic renew is on, and expiry in any case; never before `now`.
    pub fn next_wake_at(
        &self,
        session: &Session,
        automatic: bool,
        renew_before_s: u64,
        now: u64,
    ) -> u64 {
        let mut wake_at = session.expires_at;
        if automatic {
            if let Some(renew_at) = self.next_attempt_at(session, renew_before_s, now) {
                wake_at = wake_at.min(renew_at);
            }
        }
        wake_at.max(now)
    }

    /// Whether an automatic attempt is due at `now` (the session still live).
    pub fn is_attempt_due(&self, session: &Session, renew_before_s: u64, now: u64) -> bool {
        session.is_live(now)
            && self
                .next_attempt_at(session, renew_before_s, now)
                .is_some_and(|at| at <= now)
    }

    fn next_attempt_at(&self, session: &Session, renew_before_s: u64, now: u64) -> Option<u64> {
        if self.failed_attempts == 0 {
            next_renewal_at(session, renew_before_s, now)
        } else {
            self.retry_at.filter(|at| *at < session.expires_at)
        }
    }
}

/// Whether the session's access token is good for at least `min_validity_s` more seconds at
/// `now` (`getAccessToken`): otherwise it is renewed first.
pub fn is_token_fresh(session: &Session, min_validity_s: u64, now: u64) -> bool {
    now.saturating_add(min_validity_s) < session.expires_at
}

/// Whether a failed refresh-token grant should fall back to the iframe (`prompt=none`) once.
///
/// RFC 6749 §5.2: `invalid_grant` says the refresh token is expired, revoked or rotated away,
/// while the provider's own login session may still be alive. Other failures (network,
/// `invalid_client`, 5xx) would fail the same way in the iframe, or are not ours to retry.
pub fn refresh_failure_falls_back_to_iframe(error: &Error) -> bool {
    matches!(error, Error::OAuth { error, .. } if error == "invalid_grant")
}

/// Whether `candidate` (stored by another tab, or sent by it) replaces `current`,
/// the session this tab holds or set out to renew: it is another issuance (its
/// access token differs), not older, and still live at `now`. Times are whole
/// seconds, so two issuances in one second compare equal; the token tells them
/// apart. With no current session, any live candidate replaces it.
pub fn supersedes(candidate: &Session, current: Option<&Session>, now: u64) -> bool {
    let Some(current) = current else {
        return candidate.is_live(now);
    };
    let other = candidate.access_token != current.access_token;
    let not_older =
        (candidate.issued_at, candidate.expires_at) >= (current.issued_at, current.expires_at);
    other && not_older && candidate.is_live(now)
}

//! Whether a session another tab stored or broadcast may replace this tab's (DESIGN.md
//! "Behaviour details": cross-tab renewal). Anything on the origin can post to the
//! BroadcastChannel, so a heard session is checked like a response before it is used.

use super::id_token::{Audience, IdTokenClaims};
use super::session::Session;

/// The longest session another tab's message may describe: 31 days. A message with
/// absurd times would otherwise turn renewal and expiry off for good.
pub const MAX_ADOPTED_LIFETIME_S: u64 = 31 * 24 * 3600;

/// How far in the future another tab's `issued_at` may lie (its clock may differ a little).
const CLOCK_DRIFT_S: u64 = 60;

/// Whether `heard` (with its verified `claims`, as the other tab stored them) may be
/// adopted by this tab, which holds `current_sub`'s session, or none, at `now`:
/// - the ID token claims name our issuer, list our client, and name a user;
/// - the user is the one this tab has signed in, if any (OIDC Core §12.2 for renewals);
/// - the times are sane: issued, not in the future, live, and not longer than
///   [`MAX_ADOPTED_LIFETIME_S`].
pub fn is_adoptable(
    heard: &Session,
    claims: &IdTokenClaims,
    issuer: &str,
    client_id: &str,
    current_sub: Option<&str>,
    now: u64,
) -> bool {
    let for_us = claims.iss.as_deref() == Some(issuer)
        && match &claims.aud {
            Some(Audience::One(aud)) => aud == client_id,
            Some(Audience::Many(auds)) => auds.iter().any(|aud| aud == client_id),
            None => false,
        };
    let sub_ok = match (claims.sub.as_deref(), current_sub) {
        (Some(""), _) | (None, _) => false,
        (Some(sub), Some(current)) => sub == current,
        (Some(_), None) => true,
    };
    let times_ok = heard.issued_at != 0
        && heard.issued_at <= now.saturating_add(CLOCK_DRIFT_S)
        && heard.is_live(now)
        && heard.expires_at.saturating_sub(heard.issued_at) <= MAX_ADOPTED_LIFETIME_S;
    for_us && sub_ok && times_ok
}

//! What the address bar shows after a callback: the URL without the authorization
//! response's parameters (RFC 9700 §4.2.4: the code must not linger in history).

use super::encode::form_decode;
use super::text::{pieces, split_once};

/// Parameters an authorization response may carry (RFC 6749 §4.1.2, RFC 9207,
/// OIDC Session Management's `session_state`).
const RESPONSE_PARAMS: [&str; 7] = [
    "code",
    "state",
    "iss",
    "error",
    "error_description",
    "error_uri",
    "session_state",
];

/// Judged by the decoded name, as `parse_callback_url` reads it: `c%6Fde=` is a code too.
/// A name that does not decode is dropped as well: it might be hiding one.
fn is_response_param(pair: &str) -> bool {
    let key = pieces(pair, b'=').next().unwrap_or(pair);
    match form_decode(key) {
        Ok(name) => RESPONSE_PARAMS.contains(&name.as_str()),
        Err(_) => true,
    }
}

/// Keeps the pieces of `params` (`a=1&b=2`) that are not response parameters.
fn keep_app_params(params: &str) -> String {
    let mut kept = String::new();
    for pair in pieces(params, b'&').filter(|p| !p.is_empty() && !is_response_param(p)) {
        if !kept.is_empty() {
            kept.push('&');
        }
        kept.push_str(pair);
    }
    kept
}

/// `url` without code, state, iss, error… in its query or fragment; the app's own
/// parameters, path and an unrelated fragment stay as they were.
pub fn strip_callback_params(url: &str) -> String {
    let (before_fragment, fragment) = match split_once(url, "#") {
        Some((head, fragment)) => (head, Some(fragment)),
        None => (url, None),
    };
    let (path, query) = match split_once(before_fragment, "?") {
        Some((path, query)) => (path, Some(query)),
        None => (before_fragment, None),
    };
    let mut out = String::from(path);
    if let Some(query) = query {
        let kept = keep_app_params(query);
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept);
        }
    }
    if let Some(fragment) = fragment {
        // A fragment is a response only when it looks like one (response_mode=fragment).
        let kept = if pieces(fragment, b'&').any(is_response_param) {
            keep_app_params(fragment)
        } else {
            fragment.into()
        };
        if !kept.is_empty() {
            out.push('#');
            out.push_str(&kept);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_callback_params;

    #[test]
    fn removes_the_response_from_the_query() {
        assert_eq!(
            strip_callback_params(
                "http://localhost:8080/callback?code=abc&state=xyz&iss=http%3A%2F%2Fop"
            ),
            "http://localhost:8080/callback"
        );
    }

    #[test]
    fn keeps_the_apps_own_parameters_and_fragment() {
        assert_eq!(
            strip_callback_params("https://app.example/cb?tab=2&code=abc&state=s#section"),
            "https://app.example/cb?tab=2#section"
        );
    }

    #[test]
    fn removes_an_error_response() {
        assert_eq!(
            strip_callback_params(
                "https://app.example/cb?error=access_denied&error_description=no&state=s"
            ),
            "https://app.example/cb"
        );
    }

    #[test]
    fn removes_a_fragment_response() {
        assert_eq!(
            strip_callback_params("https://app.example/cb#code=abc&state=s&session_state=q"),
            "https://app.example/cb"
        );
    }

    #[test]
    fn encoded_names_are_response_parameters_too() {
        // The parser decodes names, so the clean-up must as well.
        assert_eq!(
            strip_callback_params("https://app.example/cb?c%6Fde=abc&st%61te=s&te%73t=1&%ZZ=x"),
            "https://app.example/cb?te%73t=1"
        );
        assert_eq!(
            strip_callback_params("https://app.example/cb#c%6fde=abc&state=s"),
            "https://app.example/cb"
        );
    }

    #[test]
    fn a_parameter_that_only_starts_like_one_stays() {
        assert_eq!(
            strip_callback_params("https://app.example/cb?codex=1&statement=2&code=c"),
            "https://app.example/cb?codex=1&statement=2"
        );
    }
}

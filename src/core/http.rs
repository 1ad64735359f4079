//! An HTTP request as data: the core decides it, the shell sends it with `fetch`
//! (DESIGN.md security rules: tokens are never logged, so `Debug` hides credentials).

/// A request for the shell to send; its response comes back to a core validator.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    /// Form body; holds codes, verifiers and refresh tokens, so `Debug` hides it.
    pub body: Option<String>,
}

impl ::core::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &redacted_headers(&self.headers))
            .field("body", &self.body.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// The headers with credentials (`Authorization`: Bearer token, Basic secret) hidden.
fn redacted_headers<'a>(headers: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    headers
        .iter()
        .map(|(name, value)| {
            if name.eq_ignore_ascii_case("authorization") {
                (*name, "[redacted]")
            } else {
                (*name, value.as_str())
            }
        })
        .collect()
}

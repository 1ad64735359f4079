//! DPoP, sender-constrained tokens (RFC 9449): the proof JWT's signing input, the key's
//! thumbprint (RFC 7638) and the servers' nonces. The shell keeps the key pair (a
//! non-extractable WebCrypto key) and signs; everything else is decided here.

use super::encode::{b64url_encode, push_u64};
use super::error::Error;
use super::text::{before_any, contains, split_once};
use super::url::{parse_absolute, same_endpoint};

/// The public half of the client's ES256 key: the P-256 point (base64url, RFC 7518 §6.2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpopPublicKey {
    pub x: String,
    pub y: String,
}

impl DpopPublicKey {
    /// The JWK with only the required members, in the lexicographic order RFC 7638 §3.2
    /// hashes them in (and a proof header may carry them in). Its thumbprint, sent as
    /// `dpop_jkt` (§10) and bound into the tokens as `cnf.jkt`, is base64url(SHA-256(this)),
    /// hashed by the shell.
    pub fn jwk(&self) -> String {
        let mut jwk = String::from(r#"{"crv":"P-256","kty":"EC","x":"#);
        push_json_string(&mut jwk, &self.x);
        jwk.push_str(r#","y":"#);
        push_json_string(&mut jwk, &self.y);
        jwk.push('}');
        jwk
    }
}

/// What one proof says (RFC 9449 §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofClaims<'a> {
    /// The request's method.
    pub htm: &'a str,
    /// The request's URL; the query and fragment are left out of the proof.
    pub url: &'a str,
    pub iat: u64,
    /// Unique per proof: base64url of random bytes from the shell.
    pub jti: &'a str,
    /// The server's latest `DPoP-Nonce`, when it gave one.
    pub nonce: Option<&'a str>,
    /// For a request carrying an access token (resource, userinfo, revocation), §4.2's
    /// `ath`: base64url(SHA-256(the token's ASCII)), hashed by the shell.
    pub ath: Option<&'a str>,
}

/// `base64url(header).base64url(payload)` of a proof, ready for ES256 signing.
///
/// # Errors
/// `invalid_config` for a URL that is not absolute.
pub fn proof_signing_input(key: &DpopPublicKey, claims: &ProofClaims) -> Result<String, Error> {
    // §4.2: htu is the URL without query and fragment.
    if parse_absolute(claims.url).is_none() {
        return Err(Error::InvalidConfig("a DPoP proof needs an absolute URL"));
    }
    let htu = before_any(claims.url, b"?#");
    let mut header = String::from(r#"{"typ":"dpop+jwt","alg":"ES256","jwk":"#);
    header.push_str(&key.jwk());
    header.push('}');
    let mut payload = String::from(r#"{"jti":"#);
    push_json_string(&mut payload, claims.jti);
    payload.push_str(r#","htm":"#);
    push_json_string(&mut payload, claims.htm);
    payload.push_str(r#","htu":"#);
    push_json_string(&mut payload, htu);
    payload.push_str(r#","iat":"#);
    push_u64(&mut payload, claims.iat);
    if let Some(nonce) = claims.nonce {
        payload.push_str(r#","nonce":"#);
        push_json_string(&mut payload, nonce);
    }
    if let Some(ath) = claims.ath {
        payload.push_str(r#","ath":"#);
        push_json_string(&mut payload, ath);
    }
    payload.push('}');
    let mut input = b64url_encode(header.as_bytes());
    input.push('.');
    input.push_str(&b64url_encode(payload.as_bytes()));
    Ok(input)
}

/// The compact proof: the signing input and the raw `r || s` ES256 signature.
pub fn finish_proof(mut signing_input: String, signature: &[u8]) -> String {
    signing_input.push('.');
    signing_input.push_str(&b64url_encode(signature));
    signing_input
}

/// Whether a response asks to try again with the server's nonce (§8, §9): the token
/// endpoint's 400 `use_dpop_nonce`, or a resource's 401 with that error in `WWW-Authenticate`.
pub fn asks_for_nonce(status: u16, error: Option<&str>, www_authenticate: Option<&str>) -> bool {
    match status {
        400 => error == Some("use_dpop_nonce"),
        401 => www_authenticate.is_some_and(|h| {
            h.trim_ascii_start()
                .get(..4)
                .is_some_and(|s| s.eq_ignore_ascii_case("dpop"))
                && contains(h, "use_dpop_nonce")
        }),
        _ => false,
    }
}

/// The latest nonce each server gave (§8.2: a server may change it with any response).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DpopNonces {
    /// (an URL of the server, its nonce); servers are told apart by scheme, host and port.
    entries: Vec<(String, String)>,
}

impl DpopNonces {
    /// The nonce to put in a proof for `url`, if its server gave one.
    pub fn for_url(&self, url: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(seen, _)| same_origin(seen, url))
            .map(|(_, nonce)| nonce.as_str())
    }

    /// Remembers the `DPoP-Nonce` header of a response from `url`'s server.
    pub fn handle_response(&mut self, url: &str, nonce: Option<&str>) {
        let Some(nonce) = nonce.filter(|n| !n.is_empty()) else {
            return;
        };
        self.entries.retain(|(seen, _)| !same_origin(seen, url));
        self.entries.push((url.into(), nonce.into()));
    }
}

fn same_origin(a: &str, b: &str) -> bool {
    let root = |u: &str| {
        let (scheme, rest) = split_once(u, "://").unwrap_or((u, ""));
        let authority = before_any(rest, b"/?#");
        let mut root = String::from(scheme);
        root.push_str("://");
        root.push_str(authority);
        root.push('/');
        root
    };
    same_endpoint(&root(a), &root(b))
}

/// Appends `s` as a JSON string (RFC 8259 §7): quotes, backslashes and control
/// characters escaped. Server nonces are arbitrary text.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                let n = c as u8;
                for nibble in [n >> 4, n & 0xf] {
                    out.push(char::from(if nibble < 10 {
                        b'0' + nibble
                    } else {
                        b'a' + nibble - 10
                    }));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

//! Percent-encoding, form-urlencoded parsing (RFC 3986 §2.1/§2.3, WHATWG urlencoded),
//! base64url without padding (RFC 4648 §5, as JWS and PKCE use it, RFC 7515 §2) and padded
//! base64 (RFC 4648 §4, for HTTP Basic).

use crate::core::base64;

use super::error::Error;
use super::text::{pieces, split_once};

/// RFC 3986 §2.3 unreserved characters: the only bytes sent unescaped.
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn hex_digit(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'A' + (n - 10) })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Appends `s` with every byte but the unreserved ones written as `%XX` (uppercase, UTF-8 bytes).
pub fn percent_encode(out: &mut String, s: &str) {
    for b in s.bytes() {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b & 0x0f));
        }
    }
}

/// Appends `key=value`, percent-encoded, after a `&` unless `out` is empty or ends in `?` or `&`.
pub fn push_pair(out: &mut String, key: &str, value: &str) {
    if !out.is_empty() && !out.ends_with('?') && !out.ends_with('&') {
        out.push('&');
    }
    percent_encode(out, key);
    out.push('=');
    percent_encode(out, value);
}

/// Parses `application/x-www-form-urlencoded` text into (name, value) pairs in order.
///
/// Empty pieces are skipped, `+` is a space, `%XX` is a byte; a piece without `=` is a name
/// with an empty value.
///
/// # Errors
/// `invalid_callback` ("malformed percent-encoding") on a bad escape or bytes that are not UTF-8.
pub fn parse_params(s: &str) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for piece in pieces(s, b'&') {
        if piece.is_empty() {
            continue;
        }
        let (k, v) = split_once(piece, "=").unwrap_or((piece, ""));
        out.push((form_decode(k)?, form_decode(v)?));
    }
    Ok(out)
}

pub(crate) fn form_decode(s: &str) -> Result<String, Error> {
    const BAD: Error = Error::InvalidCallback("malformed percent-encoding");
    let mut bytes = Vec::with_capacity(s.len());
    let mut it = s.bytes();
    while let Some(b) = it.next() {
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hi = it.next().and_then(hex_value).ok_or(BAD)?;
                let lo = it.next().and_then(hex_value).ok_or(BAD)?;
                bytes.push(hi << 4 | lo);
            }
            _ => bytes.push(b),
        }
    }
    super::utf8::utf8(&bytes).map(String::from).ok_or(BAD)
}

/// base64url without padding.
pub fn b64url_encode(bytes: &[u8]) -> String {
    base64::encode_url_safe(bytes)
}

/// base64 with padding (RFC 4648 §4), as HTTP Basic credentials use it (RFC 7617 §2).
pub fn b64_encode(bytes: &[u8]) -> String {
    base64::encode_standard(bytes)
}

/// Strict base64url decoding: no padding, no `+`/`/`, no stray trailing bits.
///
/// # Errors
/// `invalid_jwt` ("bad base64url").
pub fn b64url_decode(s: &str) -> Result<Vec<u8>, Error> {
    base64::decode_url_safe(s).ok_or(Error::InvalidJwt("bad base64url"))
}

/// Appends `n` in decimal, without `core::fmt`.
pub fn push_u64(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut n = n;
    for slot in digits.iter_mut() {
        *slot = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in digits.iter().take(len).rev() {
        out.push(char::from(*d));
    }
}

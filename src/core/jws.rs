//! JWS compact serialization: splitting and decoding a signed JWT (RFC 7515 §7.1, §5.2).

use super::encode::b64url_decode;
use super::error::Error;
use super::text::pieces;

/// A compact JWS taken apart; the shell parses the JSON and verifies the signature.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactJws {
    pub header_json: Vec<u8>,
    pub payload_json: Vec<u8>,
    /// `BASE64URL(header) "." BASE64URL(payload)`, exactly as received: what was signed.
    pub signing_input: String,
    pub signature: Vec<u8>,
}

/// Splits `header.payload.signature` and base64url-decodes each part.
///
/// An empty signature is let through so that `alg: none` is refused by name later
/// (`unsupported_alg`) rather than as a shape error.
///
/// # Errors
/// `invalid_jwt`: not three parts (a JWE has five), empty header or payload, bad base64url.
pub fn split_jws(token: &str) -> Result<CompactJws, Error> {
    let mut parts = pieces(token, b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::InvalidJwt("a JWS must have exactly three parts"));
    };
    if header.is_empty() {
        return Err(Error::InvalidJwt("empty JWS header"));
    }
    // RFC 7515 allows an empty payload, but an ID token is a claims set (OIDC Core §2).
    if payload.is_empty() {
        return Err(Error::InvalidJwt("empty JWS payload"));
    }
    let header_json = b64url_decode(header)?;
    let payload_json = b64url_decode(payload)?;
    let signature = b64url_decode(signature)?;
    let mut signing_input = String::with_capacity(header.len() + 1 + payload.len());
    signing_input.push_str(header);
    signing_input.push('.');
    signing_input.push_str(payload);
    Ok(CompactJws {
        header_json,
        payload_json,
        signing_input,
        signature,
    })
}

/// The JOSE header members the client looks at (RFC 7515 §4.1).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct JwsHeader {
    pub alg: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub typ: Option<String>,
    #[serde(default)]
    pub crit: Option<Vec<String>>,
}

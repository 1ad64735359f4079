//! JWK sets, the signature algorithms we accept, and choosing verification keys
//! (RFC 7517 §4–5, RFC 7518 §3, RFC 8037 §3.1; OIDC Core §10.1.1 key rotation).

use super::error::Error;
use super::jws::JwsHeader;

/// One public key (RFC 7517 §4); only the members WebCrypto import needs.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_ops: Option<Vec<String>>,
}

/// A JWK Set document (RFC 7517 §5).
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
pub struct JwkSet {
    pub keys: Vec<Jwk>,
}

/// The asymmetric JWS algorithms WebCrypto can verify for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigAlg {
    Rs256,
    Rs384,
    Rs512,
    Ps256,
    Ps384,
    Ps512,
    Es256,
    Es384,
    Es512,
    EdDsa,
}

impl SigAlg {
    /// Maps a JWS `alg` header value to an accepted algorithm.
    ///
    /// # Errors
    /// `unsupported_alg` for `none` (unsigned, RFC 7518 §3.6), any `HS*` (a public client has no
    /// shared secret to check an HMAC with, and the client_id must not become one), and anything
    /// not listed.
    pub fn from_jws_alg(alg: &str) -> Result<SigAlg, Error> {
        Ok(match alg {
            "RS256" => SigAlg::Rs256,
            "RS384" => SigAlg::Rs384,
            "RS512" => SigAlg::Rs512,
            "PS256" => SigAlg::Ps256,
            "PS384" => SigAlg::Ps384,
            "PS512" => SigAlg::Ps512,
            "ES256" => SigAlg::Es256,
            "ES384" => SigAlg::Es384,
            "ES512" => SigAlg::Es512,
            "EdDSA" => SigAlg::EdDsa,
            _ => return Err(Error::UnsupportedAlg { alg: alg.into() }),
        })
    }

    /// The JWS `alg` name (RFC 7518 §3.1).
    pub fn name(self) -> &'static str {
        match self {
            SigAlg::Rs256 => "RS256",
            SigAlg::Rs384 => "RS384",
            SigAlg::Rs512 => "RS512",
            SigAlg::Ps256 => "PS256",
            SigAlg::Ps384 => "PS384",
            SigAlg::Ps512 => "PS512",
            SigAlg::Es256 => "ES256",
            SigAlg::Es384 => "ES384",
            SigAlg::Es512 => "ES512",
            SigAlg::EdDsa => "EdDSA",
        }
    }

    /// The JWK `kty` a key for this algorithm has.
    pub fn kty(self) -> &'static str {
        match self {
            SigAlg::Rs256 | SigAlg::Rs384 | SigAlg::Rs512 => "RSA",
            SigAlg::Ps256 | SigAlg::Ps384 | SigAlg::Ps512 => "RSA",
            SigAlg::Es256 | SigAlg::Es384 | SigAlg::Es512 => "EC",
            SigAlg::EdDsa => "OKP",
        }
    }

    /// The JWK `crv` required (RFC 7518 §3.4, RFC 8037 §3.1); `None` for RSA.
    pub fn curve(self) -> Option<&'static str> {
        match self {
            SigAlg::Es256 => Some("P-256"),
            SigAlg::Es384 => Some("P-384"),
            SigAlg::Es512 => Some("P-521"),
            SigAlg::EdDsa => Some("Ed25519"),
            _ => None,
        }
    }

    /// The raw `r || s` ECDSA signature length (RFC 7518 §3.4); WebCrypto wants this form too.
    pub fn ecdsa_signature_len(self) -> Option<usize> {
        match self {
            SigAlg::Es256 => Some(64),
            SigAlg::Es384 => Some(96),
            // P-521: 66-byte coordinates.
            SigAlg::Es512 => Some(132),
            _ => None,
        }
    }
}

/// What to do next to verify a signature.
#[derive(Debug, PartialEq)]
pub enum KeySelection<'a> {
    /// Try these keys, in JWKS order, until one verifies.
    Candidates(Vec<&'a Jwk>),
    /// No key fits: fetch the JWKS again (the provider may have rotated keys) and retry once.
    RefetchJwks,
}

/// Picks the JWKS keys that may have signed a JWS with this header.
///
/// # Errors
/// `invalid_jwt` for a `crit` header; `key_not_found` when nothing fits after the one refetch.
pub fn select_keys<'a>(
    header: &JwsHeader,
    alg: SigAlg,
    jwks: &'a JwkSet,
    already_refetched: bool,
) -> Result<KeySelection<'a>, Error> {
    // RFC 7515 §4.1.11: we understand no extensions, so any crit list must be refused.
    if header.crit.is_some() {
        return Err(Error::InvalidJwt("unsupported crit header"));
    }
    // A loop and push: `collect` costs more wasm (measured).
    let mut candidates: Vec<&Jwk> = Vec::new();
    for key in &jwks.keys {
        if key_fits(key, alg, header.kid.as_deref()) {
            candidates.push(key);
        }
    }
    if !candidates.is_empty() {
        return Ok(KeySelection::Candidates(candidates));
    }
    // OIDC Core §10.1.1: an unknown key may be a rotation; refetch once, never in a loop.
    if already_refetched {
        Err(Error::KeyNotFound)
    } else {
        Ok(KeySelection::RefetchJwks)
    }
}

/// How long after one refetch for an unknown `kid` another may happen, seconds.
pub const JWKS_REFETCH_COOLDOWN_S: u64 = 30;

/// Whether an unknown `kid` may refetch the key set, given when an unknown `kid` last did
/// (`None`: never). The first one always may (a rotation shows at once); after that, one
/// a cooldown: tokens with made-up kids are free to forge, requests to the provider are not.
pub fn may_refetch_jwks(last_refetch_at: Option<u64>, now: u64) -> bool {
    last_refetch_at.is_none_or(|at| now.saturating_sub(at) >= JWKS_REFETCH_COOLDOWN_S)
}

fn key_fits(k: &Jwk, alg: SigAlg, kid: Option<&str>) -> bool {
    // RFC 7517 §4.2–4.4: use, key_ops and alg, when present, must allow verifying with alg.
    k.kty == alg.kty()
        && k.use_.as_deref().is_none_or(|u| u == "sig")
        && k.alg.as_deref().is_none_or(|a| a == alg.name())
        && alg.curve().is_none_or(|c| k.crv.as_deref() == Some(c))
        && k.key_ops
            .as_ref()
            .is_none_or(|ops| ops.iter().any(|o| o == "verify"))
        && kid.is_none_or(|kid| k.kid.as_deref() == Some(kid))
}

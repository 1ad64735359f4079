//! ID token verification: the core picks the algorithm and candidate keys and
//! judges the claims; this file fetches the key set and runs WebCrypto.

use crate::browser::client::{key_set, last_jwks_refetch, note_jwks_refetch, Client};
use crate::browser::{crypto, from_js, js};
use crate::core::{
    may_refetch_jwks, select_keys, split_jws, validate_id_token, Error, Expected, IdToken,
    IdTokenClaims, Jwk, JwsHeader, KeySelection, SigAlg,
};
use wasm_bindgen::JsValue;

/// A verified ID token: its claims as a plain JS object and as the core reads them.
pub struct VerifiedIdToken {
    pub claims_js: JsValue,
    pub claims: IdTokenClaims,
}

/// Verifies a compact JWS against the provider's JWKS (refetching it once for an
/// unknown key) and returns its payload as a JS object.
///
/// # Errors
/// `invalid_jwt`, `unsupported_alg`, `key_not_found`, `invalid_signature`, `crypto_error`.
pub async fn verify_jws(client: &Client, token: &str) -> Result<JsValue, Error> {
    let jws = split_jws(token)?;
    let header: JwsHeader = js::parse_json_bytes(&jws.header_json)
        .and_then(|value| from_js::jws_header(&value))
        .ok_or(Error::InvalidJwt("the JWS header is not a JSON object"))?;
    let alg = SigAlg::from_jws_alg(&header.alg)?;

    // One await of the key set (less wasm than two): a second pass refetches it.
    let mut refresh = false;
    let mut refetched = false;
    loop {
        let keys = key_set(client, refresh).await?;
        match select_keys(&header, alg, &keys, refetched)? {
            KeySelection::Candidates(candidates) => {
                verify_with_any(
                    alg,
                    &candidates,
                    jws.signing_input.as_bytes(),
                    &jws.signature,
                )
                .await?;
                break;
            }
            // OIDC Core §10.1.1: an unknown key may mean rotation; fetch the set once
            // more, within the cooldown the core allows. With `refetched` set, the core
            // answers `key_not_found` instead, so this runs at most once.
            KeySelection::RefetchJwks => {
                let now = js::now_s();
                refresh = may_refetch_jwks(last_jwks_refetch(client), now);
                if refresh {
                    note_jwks_refetch(client, now);
                }
                refetched = true;
            }
        }
    }
    js::parse_json_bytes(&jws.payload_json)
        .filter(|v| v.is_object())
        .ok_or(Error::InvalidJwt("the JWS payload is not a JSON object"))
}

/// Verifies the signature (see [`verify_jws`]), then every claim (OIDC Core §3.1.3.7).
///
/// # Errors
/// The codes of [`verify_jws`] and of `validate_id_token`.
pub async fn verify_id_token(
    client: &Client,
    id_token: &IdToken,
    nonce: Option<&str>,
    sub: Option<&str>,
    max_age: Option<u64>,
    now: u64,
) -> Result<VerifiedIdToken, Error> {
    let claims_js = verify_jws(client, id_token.secret()).await?;
    let claims: IdTokenClaims = from_js::id_token_claims(&claims_js);
    validate_id_token(
        &claims,
        &Expected {
            issuer: &client.meta.issuer,
            client_id: &client.cfg.client_id,
            nonce,
            sub,
            max_age,
            clock_skew_s: client.cfg.clock_skew_s,
        },
        now,
    )?;
    Ok(VerifiedIdToken { claims_js, claims })
}

/// Several keys may fit a token without `kid`: it is good if any one verifies it.
async fn verify_with_any(
    alg: SigAlg,
    candidates: &[&Jwk],
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let mut failure = Error::InvalidSignature;
    for (i, jwk) in candidates.iter().enumerate() {
        match crypto::verify(alg, jwk, signing_input, signature).await {
            Ok(true) => return Ok(()),
            Ok(false) => failure = Error::InvalidSignature,
            // A key WebCrypto refuses is reported only if no key got as far as verify.
            Err(e) if i == 0 => failure = e,
            Err(_) => {}
        }
    }
    Err(failure)
}

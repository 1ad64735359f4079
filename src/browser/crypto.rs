//! WebCrypto: random bytes, signature verification, hashing and signing (the DPoP key
//! pair itself is made by js/shell.js's `dpopKeyPair`). Which key and which algorithm are
//! the core's decisions; the asynchronous steps run in js/shell.js, one call each (an
//! await here is an async state machine of its own).

use crate::browser::js;
use crate::core::{Error, Jwk, SigAlg};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

fn crypto() -> Result<web_sys::Crypto, Error> {
    js::get_present(&js::global(), "crypto")
        .map(JsCast::unchecked_into)
        .ok_or(Error::Crypto("globalThis.crypto is not available"))
}

/// Fills `buf` from `crypto.getRandomValues`.
pub fn fill_random(buf: &mut [u8]) -> Result<(), Error> {
    crypto()?
        .get_random_values_with_u8_array(buf)
        .map(|_| ())
        .map_err(|_| Error::Crypto("crypto.getRandomValues failed"))
}

#[wasm_bindgen(module = "/js/shell.js")]
extern "C" {
    /// Imports the key (once per page) and verifies; rejects with 1 when the key is refused.
    #[wasm_bindgen(js_name = verifySignature)]
    #[allow(clippy::too_many_arguments)]
    fn verify_signature(
        alg: &str,
        kty: &str,
        n: Option<&str>,
        e: Option<&str>,
        crv: Option<&str>,
        x: Option<&str>,
        y: Option<&str>,
        signature: &[u8],
        data: &[u8],
    ) -> Promise;
    /// SHA-256 of the text's UTF-8 bytes.
    fn sha256(text: &str) -> Promise;
    /// ES256 over `data`, read before the call returns.
    #[wasm_bindgen(js_name = signEs256)]
    fn sign_es256_js(private: &CryptoKey, data: &[u8]) -> Promise;
}

/// Imports the key (once per page) and verifies. `Ok(false)`: the signature does not
/// match this key. `Err(crypto_error)`: WebCrypto would not take the key at all.
pub async fn verify(
    alg: SigAlg,
    jwk: &Jwk,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<bool, Error> {
    let verifying = verify_signature(
        alg.name(),
        &jwk.kty,
        jwk.n.as_deref(),
        jwk.e.as_deref(),
        jwk.crv.as_deref(),
        jwk.x.as_deref(),
        jwk.y.as_deref(),
        signature,
        signing_input,
    );
    match JsFuture::from(verifying).await {
        Ok(verdict) => Ok(verdict.as_bool() == Some(true)),
        Err(refused) if refused.as_f64() == Some(1.0) => {
            Err(Error::Crypto("WebCrypto refused the provider's key"))
        }
        Err(_) => Err(Error::Crypto("WebCrypto could not run verify")),
    }
}

/// `BASE64URL(SHA-256(text))`: PKCE's S256 challenge (RFC 7636 §4.2), the DPoP key's
/// thumbprint (RFC 7638) and a proof's `ath` (RFC 9449 §4.2).
pub async fn s256(text: &str) -> Result<String, Error> {
    let digest = bytes(sha256(text), Error::Crypto("WebCrypto could not hash")).await?;
    Ok(crate::core::encode::b64url_encode(&digest))
}

/// ES256 over `data`: WebCrypto's ECDSA signature is already the raw `r || s` a JWS wants.
pub async fn sign_es256(private: &CryptoKey, data: &[u8]) -> Result<Vec<u8>, Error> {
    let signing = sign_es256_js(private, data);
    bytes(
        signing,
        Error::Crypto("WebCrypto could not sign the DPoP proof"),
    )
    .await
}

/// The bytes a WebCrypto promise gives, or `failed`.
async fn bytes(promise: Promise, failed: Error) -> Result<Vec<u8>, Error> {
    let buffer = JsFuture::from(promise).await.map_err(|_| failed)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

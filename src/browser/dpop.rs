//! DPoP in the shell (RFC 9449): the client's key pair (made once, kept in IndexedDB, or
//! in memory with `storage: "memory"`), signing proofs, and sending a request with one,
//! again once with the server's nonce when it asks. What a proof says is the core's.

use crate::browser::client::Client;
use crate::browser::http::{self, HttpResponse};
use crate::browser::storage::StorageKind;
use crate::browser::{crypto, idb, js};
use crate::core::{
    asks_for_nonce, finish_proof, proof_signing_input, DpopPublicKey, Error, HttpRequest,
    ProofClaims,
};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

#[wasm_bindgen(module = "/js/shell.js")]
extern "C" {
    /// The key pair under `id` (stored, or made and stored unless not `persisted`):
    /// `[privateKey, x, y]`; rejects with 0 (storage), 1 (no IndexedDB), 2 (not made) or
    /// 3 (not exported).
    #[wasm_bindgen(js_name = dpopKeyPair)]
    fn dpop_key_pair(id: &str, persisted: bool) -> js_sys::Promise;
}

/// The client's key pair: the private key signs, the public one goes in every proof.
pub struct DpopKeys {
    private: CryptoKey,
    pub public: DpopPublicKey,
    /// The public key's RFC 7638 thumbprint, sent as `dpop_jkt`.
    pub thumbprint: String,
}

/// The key pair's IndexedDB key: `<issuer> <clientId>`.
fn key_pair_id(client: &Client) -> String {
    let mut id = client.meta.issuer.clone();
    id.push(' ');
    id.push_str(&client.cfg.client_id);
    id
}

fn persisted(client: &Client) -> bool {
    client.options.storage != StorageKind::Memory
}

/// Makes sure the key pair is at hand (cached, stored, or new), so that the sign-in URL's
/// `dpop_jkt` can be written synchronously (`signinPopup`).
///
/// # Errors
/// `crypto_error`, `storage_error` (IndexedDB).
pub async fn ensure_keys(client: &Client) -> Result<Rc<DpopKeys>, Error> {
    if let Some(keys) = client.dpop_keys.borrow().clone() {
        return Ok(keys);
    }
    let pair = JsFuture::from(dpop_key_pair(&key_pair_id(client), persisted(client)))
        .await
        .map_err(|reason| match reason.as_f64() {
            Some(2.0) => Error::Crypto("WebCrypto could not make a DPoP key pair"),
            Some(3.0) => Error::Crypto("WebCrypto could not export the DPoP public key"),
            _ => idb::failure(&reason),
        })?;
    let private = js::item(&pair, 0).unchecked_into::<CryptoKey>();
    let public = match (
        js::string(&js::item(&pair, 1)),
        js::string(&js::item(&pair, 2)),
    ) {
        (Some(x), Some(y)) => DpopPublicKey { x, y },
        _ => {
            return Err(Error::Crypto(
                "WebCrypto could not export the DPoP public key",
            ))
        }
    };
    let keys = Rc::new(DpopKeys {
        private,
        thumbprint: crypto::s256(&public.jwk()).await?,
        public,
    });
    *client.dpop_keys.borrow_mut() = Some(keys.clone());
    Ok(keys)
}

/// The RFC 7638 thumbprint of the key pair at hand, for `dpop_jkt`.
pub fn thumbprint(client: &Client) -> Option<String> {
    client
        .dpop_keys
        .borrow()
        .as_ref()
        .map(|k| k.thumbprint.clone())
}

/// Forgets the key pair (sign-out): tokens bound to it are dead, a new sign-in makes a new one.
pub async fn delete_keys(client: &Client) {
    client.dpop_keys.borrow_mut().take();
    if persisted(client) {
        let _ = idb::delete(&key_pair_id(client)).await;
    }
}

/// Adds `dpop_jkt` (RFC 9449 §10) to an authorization request, binding its code to the key
/// pair at hand (`ensure_keys` first). Not for a redirect with memory storage: the key
/// would not outlive the page, and the code exchange on the next page could not use it.
///
/// # Errors
/// `crypto_error` when the key pair was not made first.
pub fn bind_authorization(
    client: &Client,
    options: &mut crate::core::AuthorizeOptions,
    same_page: bool,
) -> Result<(), Error> {
    if !client.options.dpop || (!same_page && !persisted(client)) {
        return Ok(());
    }
    let jkt = thumbprint(client).ok_or(Error::Crypto("the DPoP key pair is not ready"))?;
    options.extra_params.push(("dpop_jkt".into(), jkt));
    Ok(())
}

/// A fresh proof for `method url`, with `ath` when the request carries `access_token`.
///
/// # Errors
/// `crypto_error`, `storage_error`, `invalid_config` (a relative URL).
pub async fn proof(
    client: &Client,
    method: &str,
    url: &str,
    access_token: Option<&str>,
) -> Result<String, Error> {
    let keys = ensure_keys(client).await?;
    let mut jti = [0u8; 16];
    crypto::fill_random(&mut jti)?;
    let jti = crate::core::encode::b64url_encode(&jti);
    let nonce = client.dpop_nonces.borrow().for_url(url).map(String::from);
    let ath = match access_token {
        Some(token) => Some(crypto::s256(token).await?),
        None => None,
    };
    let input = proof_signing_input(
        &keys.public,
        &ProofClaims {
            htm: method,
            url,
            iat: js::now_s(),
            jti: &jti,
            nonce: nonce.as_deref(),
            ath: ath.as_deref(),
        },
    )?;
    let signature = crypto::sign_es256(&keys.private, input.as_bytes()).await?;
    Ok(finish_proof(input, &signature))
}

/// Sends `request`, with a DPoP proof when the client uses DPoP, and once more with the
/// server's nonce when it answers `use_dpop_nonce` (RFC 9449 §8); remembers its nonces.
pub async fn send(
    client: &Client,
    request: &HttpRequest,
    access_token: Option<&str>,
) -> Result<HttpResponse, Error> {
    let timeout_ms = client.options.request_timeout_ms;
    let mut retried = false;
    // One await of `http::send` for both kinds of client (less wasm than two).
    loop {
        let mut signed = request.clone();
        if client.options.dpop {
            let proof = proof(client, request.method, &request.url, access_token).await?;
            signed.headers.push(("DPoP", proof));
        }
        let response = http::send(&signed, timeout_ms).await?;
        if !client.options.dpop {
            return Ok(response);
        }
        client
            .dpop_nonces
            .borrow_mut()
            .handle_response(&request.url, response.dpop_nonce.as_deref());
        let error = response
            .json()
            .and_then(|b| js::string(&js::get(&b, "error")));
        let again = asks_for_nonce(
            response.status,
            error.as_deref(),
            response.www_authenticate.as_deref(),
        );
        if !again || retried || response.dpop_nonce.is_none() {
            return Ok(response);
        }
        retried = true;
    }
}

/// The `Authorization` header of a request carrying `access_token`: `DPoP` or `Bearer`.
pub fn authorization(client: &Client, access_token: &str) -> String {
    let mut value = String::from(client.token_type().name());
    value.push(' ');
    value.push_str(access_token);
    value
}

//! Real WebCrypto against tokens signed by an independent signer (Node's crypto,
//! tests/fixtures/make-jws-vectors.mjs): valid, tampered payload, tampered
//! signature, wrong key, for every algorithm we accept.

use crate::browser::crypto;
use crate::core::{split_jws, Jwk, SigAlg};
use wasm_bindgen_test::wasm_bindgen_test;

#[derive(serde::Deserialize)]
struct Vector {
    alg: String,
    jwk: Jwk,
    #[serde(rename = "wrongJwk")]
    wrong_jwk: Jwk,
    token: String,
    #[serde(rename = "tamperedPayload")]
    tampered_payload: String,
    #[serde(rename = "tamperedSignature")]
    tampered_signature: String,
}

#[derive(serde::Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

fn vector(alg: &str) -> Vector {
    let all: Vectors =
        serde_json::from_str(include_str!("../../../tests/fixtures/jws-vectors.json")).unwrap();
    all.vectors.into_iter().find(|v| v.alg == alg).unwrap()
}

async fn verifies(alg: SigAlg, jwk: &Jwk, token: &str) -> bool {
    let jws = split_jws(token).unwrap();
    crypto::verify(alg, jwk, jws.signing_input.as_bytes(), &jws.signature)
        .await
        .unwrap()
}

async fn check_alg(name: &str) {
    let v = vector(name);
    let alg = SigAlg::from_jws_alg(name).unwrap();
    assert!(verifies(alg, &v.jwk, &v.token).await, "{name}: valid token");
    assert!(
        !verifies(alg, &v.jwk, &v.tampered_payload).await,
        "{name}: tampered payload"
    );
    assert!(
        !verifies(alg, &v.jwk, &v.tampered_signature).await,
        "{name}: tampered signature"
    );
    assert!(
        !verifies(alg, &v.wrong_jwk, &v.token).await,
        "{name}: wrong key"
    );
}

#[wasm_bindgen_test]
async fn rs256() {
    check_alg("RS256").await;
}

#[wasm_bindgen_test]
async fn rs384_and_rs512() {
    check_alg("RS384").await;
    check_alg("RS512").await;
}

#[wasm_bindgen_test]
async fn ps256() {
    check_alg("PS256").await;
}

#[wasm_bindgen_test]
async fn ps384_and_ps512() {
    check_alg("PS384").await;
    check_alg("PS512").await;
}

#[wasm_bindgen_test]
async fn es256() {
    check_alg("ES256").await;
}

#[wasm_bindgen_test]
async fn es384() {
    check_alg("ES384").await;
}

#[wasm_bindgen_test]
async fn es512() {
    check_alg("ES512").await;
}

#[wasm_bindgen_test]
async fn eddsa() {
    check_alg("EdDSA").await;
}

#[wasm_bindgen_test]
async fn a_key_of_the_wrong_type_is_a_crypto_error_not_a_pass() {
    let rsa = vector("RS256");
    let ec = vector("ES256");
    let jws = split_jws(&ec.token).unwrap();
    let result = crypto::verify(
        SigAlg::Es256,
        &rsa.jwk,
        jws.signing_input.as_bytes(),
        &jws.signature,
    )
    .await;
    let error = result.unwrap_err();
    assert_eq!(error.code(), "crypto_error");
    assert_eq!(
        error.message(),
        "crypto failed: WebCrypto refused the provider's key"
    );
}

/// `importKey` runs once per key and algorithm for the page's life (js/shell.js):
/// counted by wrapping WebCrypto's own method for the length of the test.
#[wasm_bindgen_test]
async fn a_key_is_imported_once_per_page() {
    let count = js_sys::Function::new_no_args(
        "const p = Object.getPrototypeOf(crypto.subtle), own = p.importKey;
         globalThis.importKeyCalls = 0;
         globalThis.restoreImportKey = () => { p.importKey = own; };
         p.importKey = function (...args) { globalThis.importKeyCalls += 1; return own.apply(this, args); };",
    );
    count.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let calls = || {
        js_sys::Reflect::get(&js_sys::global(), &"importKeyCalls".into())
            .unwrap()
            .as_f64()
            .unwrap()
    };
    let v = vector("ES384");
    let alg = SigAlg::from_jws_alg("ES384").unwrap();
    let first = verifies(alg, &v.jwk, &v.token).await;
    let after_first = calls();
    let second = verifies(alg, &v.jwk, &v.tampered_payload).await;
    let after_second = calls();
    let restore: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &"restoreImportKey".into())
            .unwrap()
            .into();
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    assert!(first && !second, "the verdicts");
    assert!(after_first <= 1.0, "imported at most once: {after_first}");
    assert_eq!(after_second, after_first, "the second token reused the key");
}

#[wasm_bindgen_test]
fn random_bytes_differ() {
    let mut a = [0u8; 32];
    let mut b = [0u8; 32];
    crypto::fill_random(&mut a).unwrap();
    crypto::fill_random(&mut b).unwrap();
    assert_ne!(a, b);
    assert_ne!(a, [0u8; 32]);
}

/// The SHA-256 the wasm takes through WebCrypto, against the specs' own examples and
/// the tests' reference hash (sha2) on texts of every padding length.
#[wasm_bindgen_test]
async fn s256_gives_the_rfc_examples() {
    // RFC 7636 Appendix B: the S256 challenge of its example verifier.
    assert_eq!(
        crypto::s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
            .await
            .unwrap(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
    // RFC 7638 §3.1: the thumbprint of its example RSA key.
    let jwk = r#"{"e":"AQAB","kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#;
    assert_eq!(
        crypto::s256(jwk).await.unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    for len in [0, 55, 56, 63, 64, 65, 119, 120, 200] {
        let text = "a".repeat(len);
        use sha2::{Digest, Sha256};
        let expected = crate::core::encode::b64url_encode(&Sha256::digest(text.as_bytes()));
        assert_eq!(crypto::s256(&text).await.unwrap(), expected, "length {len}");
    }
}

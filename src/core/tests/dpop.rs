use super::s256;
use crate::core::encode::b64url_decode;
use crate::core::{
    asks_for_nonce, finish_proof, proof_signing_input, DpopNonces, DpopPublicKey, ProofClaims,
};

/// RFC 7515 Appendix A.3's P-256 key, whose thumbprint jose (Node) computes as below.
fn key() -> DpopPublicKey {
    DpopPublicKey {
        x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU".into(),
        y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0".into(),
    }
}

fn claims() -> ProofClaims<'static> {
    ProofClaims {
        htm: "POST",
        url: "https://op.example.com/token?x=1#f",
        iat: 1_700_000_000,
        jti: "jti-1",
        nonce: None,
        ath: None,
    }
}

fn parts(input: &str) -> (serde_json::Value, serde_json::Value) {
    let (h, p) = input.split_once('.').unwrap();
    let json = |s: &str| serde_json::from_slice(&b64url_decode(s).unwrap()).unwrap();
    (json(h), json(p))
}

/// The thumbprint is the hash of exactly this JWK text (RFC 7638 §3.2).
#[test]
fn the_thumbprint_is_rfc_7638s() {
    assert_eq!(
        key().jwk(),
        r#"{"crv":"P-256","kty":"EC","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#
    );
    assert_eq!(
        s256(&key().jwk()),
        "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"
    );
}

#[test]
fn a_proof_names_the_method_the_url_without_query_and_the_time() {
    let input = proof_signing_input(&key(), &claims()).unwrap();
    let (header, payload) = parts(&input);
    assert_eq!(
        header,
        serde_json::json!({"typ": "dpop+jwt", "alg": "ES256",
            "jwk": {"crv": "P-256", "kty": "EC", "x": key().x, "y": key().y}})
    );
    assert_eq!(
        payload,
        serde_json::json!({"jti": "jti-1", "htm": "POST",
            "htu": "https://op.example.com/token", "iat": 1_700_000_000u64})
    );
    let proof = finish_proof(input.clone(), &[1, 2, 3]);
    assert_eq!(proof, format!("{input}.AQID"));
}

#[test]
fn nonce_and_access_token_hash_when_given() {
    let c = ProofClaims {
        nonce: Some("n\"0\\n\u{1}"),
        ath: Some("yJY0FL9sTIae6sX4oFfD3FdNQi8bEIOXtm9nurPS-YE"),
        ..claims()
    };
    let (_, payload) = parts(&proof_signing_input(&key(), &c).unwrap());
    // A server's nonce is arbitrary text: it survives JSON escaping intact.
    assert_eq!(payload["nonce"], "n\"0\\n\u{1}");
    // ath: base64url(SHA-256("tok-123")), as Node's crypto computes it, carried as given.
    assert_eq!(
        payload["ath"],
        "yJY0FL9sTIae6sX4oFfD3FdNQi8bEIOXtm9nurPS-YE"
    );
    assert_eq!(s256("tok-123"), payload["ath"]);
}

#[test]
fn a_relative_url_gets_no_proof() {
    let c = ProofClaims {
        url: "/token",
        ..claims()
    };
    assert_eq!(
        proof_signing_input(&key(), &c).unwrap_err().code(),
        "invalid_config"
    );
}

#[test]
fn servers_ask_for_a_nonce_in_two_ways() {
    assert!(asks_for_nonce(400, Some("use_dpop_nonce"), None));
    assert!(!asks_for_nonce(400, Some("invalid_grant"), None));
    let challenge =
        r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce""#;
    assert!(asks_for_nonce(401, None, Some(challenge)));
    assert!(!asks_for_nonce(
        401,
        None,
        Some(r#"Bearer error="invalid_token""#)
    ));
    assert!(!asks_for_nonce(401, None, None));
    assert!(!asks_for_nonce(
        200,
        Some("use_dpop_nonce"),
        Some(challenge)
    ));
}

#[test]
fn nonces_are_remembered_per_server() {
    let mut nonces = DpopNonces::default();
    assert_eq!(nonces.for_url("https://op.example.com/token"), None);
    nonces.handle_response("https://op.example.com/token", Some("n1"));
    nonces.handle_response("https://api.example.com/orders", Some("a1"));
    assert_eq!(nonces.for_url("https://op.example.com/me?x"), Some("n1"));
    assert_eq!(
        nonces.for_url("https://OP.example.com:443/revoke"),
        Some("n1")
    );
    assert_eq!(nonces.for_url("https://api.example.com/x"), Some("a1"));
    assert_eq!(nonces.for_url("https://op.example.com:8443/token"), None);
    // A newer nonce replaces the old one; a response without one keeps it.
    nonces.handle_response("https://op.example.com/token", Some("n2"));
    nonces.handle_response("https://op.example.com/token", None);
    assert_eq!(nonces.for_url("https://op.example.com/token"), Some("n2"));
}

//! Fuzzes a compact JWS as the token endpoint returns it: split, header JSON read, `alg`
//! checked against the allow-list and a key chosen from a fixed JWKS.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_wasm::core::encode::b64url_encode;
use oidc_wasm::core::{
    select_keys, split_jws, IdTokenClaims, JwkSet, JwsHeader, KeySelection, SigAlg,
};

const JWKS: &str = r#"{"keys":[
    {"kty":"RSA","kid":"r1","use":"sig","alg":"RS256","n":"AQAB","e":"AQAB"},
    {"kty":"RSA","n":"AQAB","e":"AQAB"},
    {"kty":"EC","kid":"e1","crv":"P-256","x":"AA","y":"AA"},
    {"kty":"OKP","kid":"o1","crv":"Ed25519","x":"AA"},
    {"kty":"oct","kid":"h1","k":"c2VjcmV0"}
]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(jws) = split_jws(token) else {
        return;
    };
    // Strict base64url: the parts are the one encoding of what was decoded.
    let (signed, signature) = token.rsplit_once('.').unwrap();
    assert_eq!(jws.signing_input, signed);
    assert_eq!(b64url_encode(&jws.signature), signature);
    let _ = serde_json::from_slice::<IdTokenClaims>(&jws.payload_json);
    let Ok(header) = serde_json::from_slice::<JwsHeader>(&jws.header_json) else {
        return;
    };
    let Ok(alg) = SigAlg::from_jws_alg(&header.alg) else {
        return;
    };
    assert_eq!(alg.name(), header.alg, "none and HS* are never accepted");
    let jwks: JwkSet = serde_json::from_str(JWKS).unwrap();
    for refetched in [false, true] {
        if let Ok(KeySelection::Candidates(keys)) = select_keys(&header, alg, &jwks, refetched) {
            for k in keys {
                assert_eq!(k.kty, alg.kty());
                assert!(k.alg.as_deref().is_none_or(|a| a == header.alg));
                assert!(header.kid.is_none() || k.kid == header.kid);
            }
        }
    }
});

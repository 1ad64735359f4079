use crate::core::{select_keys, Error, JwkSet, JwsHeader, KeySelection, SigAlg};

const ALL: [(SigAlg, &str); 10] = [
    (SigAlg::Rs256, "RS256"),
    (SigAlg::Rs384, "RS384"),
    (SigAlg::Rs512, "RS512"),
    (SigAlg::Ps256, "PS256"),
    (SigAlg::Ps384, "PS384"),
    (SigAlg::Ps512, "PS512"),
    (SigAlg::Es256, "ES256"),
    (SigAlg::Es384, "ES384"),
    (SigAlg::Es512, "ES512"),
    (SigAlg::EdDsa, "EdDSA"),
];

fn jwks() -> JwkSet {
    serde_json::from_str(
        r#"{"keys":[
            {"kty":"RSA","kid":"r1","use":"sig","alg":"RS256","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","kid":"r2","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","kid":"enc","use":"enc","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","kid":"ps","alg":"PS256","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","kid":"ops","key_ops":["encrypt"],"n":"AQAB","e":"AQAB"},
            {"kty":"EC","kid":"e1","crv":"P-256","x":"AA","y":"AA","key_ops":["verify"]},
            {"kty":"EC","kid":"e2","crv":"P-384","x":"AA","y":"AA"},
            {"kty":"OKP","kid":"o1","crv":"Ed25519","x":"AA"},
            {"kty":"OKP","kid":"o2","crv":"X25519","x":"AA"},
            {"kty":"oct","kid":"h1","k":"c2VjcmV0"}
        ]}"#,
    )
    .unwrap()
}

fn header(alg: &str, kid: Option<&str>) -> JwsHeader {
    JwsHeader {
        alg: alg.into(),
        kid: kid.map(Into::into),
        typ: None,
        crit: None,
    }
}

fn kids(sel: KeySelection<'_>) -> Vec<String> {
    match sel {
        KeySelection::Candidates(keys) => keys.iter().map(|k| k.kid.clone().unwrap()).collect(),
        KeySelection::RefetchJwks => panic!("unexpected refetch"),
    }
}

#[test]
fn algorithm_table() {
    for (alg, name) in ALL {
        assert_eq!(SigAlg::from_jws_alg(name), Ok(alg));
        assert_eq!(alg.name(), name);
    }
    use SigAlg::*;
    assert_eq!(
        [Rs256.kty(), Ps512.kty(), Es384.kty(), EdDsa.kty()],
        ["RSA", "RSA", "EC", "OKP"]
    );
    assert_eq!(
        [Rs256.curve(), Es256.curve(), Es384.curve(), EdDsa.curve()],
        [None, Some("P-256"), Some("P-384"), Some("Ed25519")]
    );
    assert_eq!(
        [
            Es256.ecdsa_signature_len(),
            Es384.ecdsa_signature_len(),
            Rs256.ecdsa_signature_len(),
            EdDsa.ecdsa_signature_len()
        ],
        [Some(64), Some(96), None, None]
    );
}

#[test]
fn refused_algorithms() {
    for alg in [
        "none", "None", "HS256", "HS384", "HS512", "rs256", "es512", "ES256K", "RSA-OAEP",
        "Ed25519", "",
    ] {
        let e = SigAlg::from_jws_alg(alg).unwrap_err();
        assert_eq!(e, Error::UnsupportedAlg { alg: alg.into() }, "{alg}");
        assert_eq!(e.code(), "unsupported_alg");
    }
}

#[test]
fn kid_match() {
    let set = jwks();
    let sel = select_keys(&header("RS256", Some("r2")), SigAlg::Rs256, &set, false).unwrap();
    assert_eq!(kids(sel), ["r2"]);
    let sel = select_keys(&header("ES256", Some("e1")), SigAlg::Es256, &set, true).unwrap();
    assert_eq!(kids(sel), ["e1"]);
    let sel = select_keys(&header("EdDSA", Some("o1")), SigAlg::EdDsa, &set, false).unwrap();
    assert_eq!(kids(sel), ["o1"]);
}

#[test]
fn no_kid_gives_every_fitting_key() {
    let set = jwks();
    // r1 (alg RS256), r2 (no alg); not enc, not ps (alg PS256), not ops (no verify), not EC/OKP/oct.
    let sel = select_keys(&header("RS256", None), SigAlg::Rs256, &set, false).unwrap();
    assert_eq!(kids(sel), ["r1", "r2"]);
    let sel = select_keys(&header("PS256", None), SigAlg::Ps256, &set, false).unwrap();
    assert_eq!(kids(sel), ["r2", "ps"]);
    let sel = select_keys(&header("ES384", None), SigAlg::Es384, &set, false).unwrap();
    assert_eq!(kids(sel), ["e2"]);
}

#[test]
fn kid_naming_an_unfit_key_is_no_match() {
    let set = jwks();
    for (kid, alg) in [
        ("e1", SigAlg::Rs256),  // wrong kty
        ("e2", SigAlg::Es256),  // wrong crv
        ("o2", SigAlg::EdDsa),  // X25519 is not a signing curve
        ("enc", SigAlg::Rs256), // use enc
        ("r1", SigAlg::Rs384),  // key alg RS256
        ("ps", SigAlg::Rs256),  // key alg PS256
        ("ops", SigAlg::Rs256), // key_ops without verify
        ("h1", SigAlg::Rs256),  // symmetric key
        ("unknown", SigAlg::Rs256),
    ] {
        let h = header(alg.name(), Some(kid));
        assert_eq!(
            select_keys(&h, alg, &set, false),
            Ok(KeySelection::RefetchJwks),
            "{kid}"
        );
        assert_eq!(
            select_keys(&h, alg, &set, true),
            Err(Error::KeyNotFound),
            "{kid}"
        );
    }
}

#[test]
fn refetch_once_then_key_not_found() {
    let empty = JwkSet::default();
    let h = header("RS256", Some("new"));
    assert_eq!(
        select_keys(&h, SigAlg::Rs256, &empty, false),
        Ok(KeySelection::RefetchJwks)
    );
    // After the refetch the rotated key is there ...
    let rotated: JwkSet =
        serde_json::from_str(r#"{"keys":[{"kty":"RSA","kid":"new","n":"AQAB","e":"AQAB"}]}"#)
            .unwrap();
    let sel = select_keys(&h, SigAlg::Rs256, &rotated, true).unwrap();
    assert_eq!(kids(sel), ["new"]);
    // ... or it is not, and there is no second refetch.
    assert_eq!(
        select_keys(&h, SigAlg::Rs256, &empty, true)
            .unwrap_err()
            .code(),
        "key_not_found"
    );
}

#[test]
fn crit_header_refused() {
    let h = JwsHeader {
        crit: Some(vec!["b64".into()]),
        ..header("RS256", Some("r1"))
    };
    let e = select_keys(&h, SigAlg::Rs256, &jwks(), false).unwrap_err();
    assert_eq!(e, Error::InvalidJwt("unsupported crit header"));
}

#[test]
fn jwk_wire_format() {
    let set = jwks();
    let k = &set.keys[0];
    assert_eq!(k.use_.as_deref(), Some("sig"));
    let json = serde_json::to_string(k).unwrap();
    assert_eq!(
        json,
        r#"{"kty":"RSA","kid":"r1","alg":"RS256","use":"sig","n":"AQAB","e":"AQAB"}"#
    );
    assert!(serde_json::from_str::<JwkSet>(r#"{"keys":[{"kid":"x"}]}"#).is_err());
}

#[test]
fn an_unknown_kid_refetches_once_then_waits_for_the_cooldown() {
    use crate::core::{may_refetch_jwks, JWKS_REFETCH_COOLDOWN_S};
    let t = 1_700_000_000;
    assert!(may_refetch_jwks(None, t), "the first unknown kid refetches");
    assert!(!may_refetch_jwks(Some(t), t));
    assert!(!may_refetch_jwks(Some(t), t + JWKS_REFETCH_COOLDOWN_S - 1));
    assert!(may_refetch_jwks(Some(t), t + JWKS_REFETCH_COOLDOWN_S));
    // A clock that went backwards is no reason to hammer the provider.
    assert!(!may_refetch_jwks(Some(t), t - 100));
}

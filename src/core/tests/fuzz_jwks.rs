//! Properties of key choice (RFC 7517 §4, RFC 7518 §3; OIDC Core §10.1.1) and of the JWS
//! `alg` allow-list on arbitrary headers and JWK sets, built directly and from JSON text.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::json;

use super::fuzz::{check_code, config, maybe, mostly, text, ALG_CODES, SELECT_KEYS_CODES};
use super::fuzz_json::{json_object, json_string, json_text, mangled, member};
use crate::core::{select_keys, Jwk, JwkSet, JwsHeader, KeySelection, SigAlg};

const ALGS: [&str; 10] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
];

/// `none` (unsigned), HMAC (no shared secret in a public client), near misses.
const REFUSED: [&str; 5] = ["none", "HS256", "rs256", "ES256K", ""];

/// A JWS `alg`: mostly one we accept, else `none`, HMAC, a wrong case or any text.
fn alg() -> BoxedStrategy<String> {
    prop_oneof![
        6 => prop::sample::select(&ALGS[..]).prop_map(String::from),
        1 => prop::sample::select(&REFUSED[..]).prop_map(String::from),
        1 => text(),
    ]
    .boxed()
}

/// A key that fits a JWS signed with `alg` under `kid`.
fn fitting(alg: SigAlg, kid: Option<String>) -> Jwk {
    Jwk {
        kty: alg.kty().into(),
        kid,
        alg: Some(alg.name().into()),
        use_: Some("sig".into()),
        crv: alg.curve().map(Into::into),
        n: None,
        e: None,
        x: None,
        y: None,
        key_ops: Some(vec!["verify".into()]),
    }
}

/// Any key: members drawn on their own, so most fit nothing.
fn jwk() -> impl Strategy<Value = Jwk> {
    let ops = prop::option::of(prop::collection::vec(
        mostly("verify", &["sign", "encrypt"]),
        0..3,
    ));
    (
        (
            mostly("RSA", &["EC", "OKP", "oct"]),
            maybe("k1", &["k2"]),
            maybe("RS256", &ALGS),
        ),
        (
            maybe("sig", &["enc"]),
            maybe("P-256", &["P-384", "P-521", "Ed25519", "X25519"]),
        ),
        ops,
    )
        .prop_map(|((kty, kid, alg), (use_, crv), key_ops)| Jwk {
            kty,
            kid,
            alg,
            use_,
            crv,
            n: None,
            e: None,
            x: None,
            y: None,
            key_ops,
        })
}

/// A key that fits `header`, with one member (or none) swapped for `other`'s.
fn near(header: &JwsHeader, other: Jwk, which: usize) -> Jwk {
    let alg = SigAlg::from_jws_alg(&header.alg).unwrap_or(SigAlg::Rs256);
    let mut k = fitting(alg, header.kid.clone());
    match which {
        0 => k.kty = other.kty,
        1 => k.kid = other.kid,
        2 => k.alg = other.alg,
        3 => k.use_ = other.use_,
        4 => k.crv = other.crv,
        5 => k.key_ops = other.key_ops,
        // Optional members left out still fit.
        6 => (k.alg, k.use_, k.key_ops) = (None, None, None),
        _ => {}
    }
    k
}

fn header() -> impl Strategy<Value = JwsHeader> {
    (
        alg(),
        maybe("k1", &["k2"]),
        prop::option::weighted(0.1, prop::collection::vec(text(), 0..2)),
    )
        .prop_map(|(alg, kid, crit)| JwsHeader {
            alg,
            kid,
            typ: None,
            crit,
        })
}

/// A header and keys, half of them near fits for it, so every branch of the choice is taken.
fn header_and_keys() -> impl Strategy<Value = (JwsHeader, Vec<Jwk>)> {
    header().prop_flat_map(|h| {
        let key = (jwk(), 0..10usize, any::<bool>());
        let keys = prop::collection::vec(key, 0..5);
        (Just(h.clone()), keys).prop_map(|(h, keys)| {
            let keys = keys
                .into_iter()
                .map(|(k, which, is_near)| if is_near { near(&h, k, which) } else { k })
                .collect();
            (h, keys)
        })
    })
}

/// A JOSE header and a JWK set as JSON text, as they arrive from the token and jwks_uri.
fn json_header_and_jwks() -> impl Strategy<Value = (String, String)> {
    let header = json_text(vec![
        member("alg", json_string(alg())),
        member("kid", json_string(mostly("k1", &["k2"]))),
        member("typ", json_string(mostly("JWT", &["jwt"]))),
    ]);
    let key = json_object(vec![
        member("kty", json_string(mostly("RSA", &["EC", "OKP"]))),
        member("kid", json_string(mostly("k1", &["k2"]))),
        member("alg", json_string(mostly("RS256", &ALGS))),
        member("use", json_string(mostly("sig", &["enc"]))),
        member("crv", json_string(mostly("P-256", &["Ed25519"]))),
    ]);
    let keys = prop::collection::vec(key, 0..3).prop_map(|keys| json!({ "keys": keys }));
    (header, mangled(keys.boxed()))
}

/// What every key choice must satisfy, whatever the header and keys.
fn check(header: &JwsHeader, jwks: &JwkSet, refetched: bool) -> Result<(), TestCaseError> {
    let alg = match SigAlg::from_jws_alg(&header.alg) {
        Ok(alg) => {
            // Only the listed asymmetric algorithms, by their exact name: never none or HS*.
            prop_assert!(ALGS.contains(&header.alg.as_str()));
            prop_assert_eq!(alg.name(), header.alg.as_str());
            alg
        }
        Err(e) => {
            prop_assert!(!ALGS.contains(&header.alg.as_str()));
            return check_code(&e, ALG_CODES);
        }
    };
    match select_keys(header, alg, jwks, refetched) {
        Ok(KeySelection::Candidates(keys)) => {
            prop_assert!(header.crit.is_none() && !keys.is_empty());
            let mut last = None;
            for k in keys {
                // Each candidate is one of the set's keys, in the set's order.
                let at = jwks.keys.iter().position(|j| std::ptr::eq(j, k)).unwrap();
                prop_assert!(last.is_none_or(|l| l < at));
                last = Some(at);
                prop_assert_eq!(k.kty.as_str(), alg.kty());
                prop_assert!(k.alg.as_deref().is_none_or(|a| a == header.alg));
                prop_assert!(header.kid.is_none() || k.kid == header.kid);
                prop_assert!(k.use_.as_deref().is_none_or(|u| u == "sig"));
                prop_assert!(alg.curve().is_none_or(|c| k.crv.as_deref() == Some(c)));
                prop_assert!(k
                    .key_ops
                    .as_ref()
                    .is_none_or(|o| o.iter().any(|o| o == "verify")));
            }
        }
        // OIDC Core §10.1.1: one refetch on an unknown key, never a loop.
        Ok(KeySelection::RefetchJwks) => prop_assert!(!refetched && header.crit.is_none()),
        Err(e) => {
            check_code(&e, SELECT_KEYS_CODES)?;
            prop_assert!(header.crit.is_some() || refetched);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn key_choice_values((header, keys) in header_and_keys(), refetched in any::<bool>()) {
        check(&header, &JwkSet { keys }, refetched)?;
    }

    #[test]
    fn key_choice_json_text((header, jwks) in json_header_and_jwks(), refetched in any::<bool>()) {
        // The shell reads both with JSON.parse; serde_json stands in here.
        let (Ok(header), Ok(jwks)) = (
            serde_json::from_str::<JwsHeader>(&header),
            serde_json::from_str::<JwkSet>(&jwks),
        ) else {
            return Ok(());
        };
        check(&header, &jwks, refetched)?;
    }

    #[test]
    fn a_fitting_key_is_never_missed(
        alg in prop::sample::select(&ALGS[..]),
        others in prop::collection::vec(jwk(), 0..4),
        at in any::<Index>(),
    ) {
        let alg = SigAlg::from_jws_alg(alg).unwrap();
        let key = fitting(alg, Some("k1".into()));
        let mut keys = others;
        keys.insert(at.index(keys.len() + 1), key.clone());
        let header = JwsHeader {
            alg: alg.name().into(),
            kid: Some("k1".into()),
            typ: None,
            crit: None,
        };
        let jwks = JwkSet { keys };
        let Ok(KeySelection::Candidates(found)) = select_keys(&header, alg, &jwks, true) else {
            return Err(TestCaseError::fail("the fitting key was not chosen"));
        };
        prop_assert!(found.contains(&&key));
    }
}

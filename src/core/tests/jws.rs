use crate::core::encode::b64url_encode;
use crate::core::{split_jws, Error, JwsHeader, SigAlg};

fn enc(s: &str) -> String {
    b64url_encode(s.as_bytes())
}

fn token(header: &str, payload: &str, sig: &[u8]) -> String {
    format!("{}.{}.{}", enc(header), enc(payload), b64url_encode(sig))
}

#[test]
fn splits_and_decodes() {
    let t = token(
        r#"{"alg":"RS256","kid":"k1"}"#,
        r#"{"sub":"u"}"#,
        &[1, 2, 3, 255],
    );
    let j = split_jws(&t).unwrap();
    assert_eq!(j.header_json, br#"{"alg":"RS256","kid":"k1"}"#);
    assert_eq!(j.payload_json, br#"{"sub":"u"}"#);
    assert_eq!(j.signature, vec![1, 2, 3, 255]);
    assert_eq!(j.signing_input, t.rsplit_once('.').unwrap().0);
    let h: JwsHeader = serde_json::from_slice(&j.header_json).unwrap();
    assert_eq!(h.alg, "RS256");
    assert_eq!(h.kid.as_deref(), Some("k1"));
    assert_eq!((h.typ, h.crit), (None, None));
}

#[test]
fn wrong_part_count() {
    let want = Error::InvalidJwt("a JWS must have exactly three parts");
    for t in ["", "abc", "eyJh.eyJi", "a.b.c.d", "a.b.c.d.e", "..."] {
        assert_eq!(split_jws(t).unwrap_err(), want, "{t}");
    }
}

#[test]
fn empty_parts() {
    let p = enc("{}");
    assert_eq!(
        split_jws(&format!(".{p}.AA")).unwrap_err(),
        Error::InvalidJwt("empty JWS header")
    );
    assert_eq!(
        split_jws(&format!("{p}..AA")).unwrap_err(),
        Error::InvalidJwt("empty JWS payload")
    );
    assert_eq!(split_jws("..").unwrap_err().code(), "invalid_jwt");
}

#[test]
fn unsigned_token_splits_then_alg_none_is_refused() {
    let t = format!("{}.{}.", enc(r#"{"alg":"none"}"#), enc("{}"));
    let j = split_jws(&t).unwrap();
    assert!(j.signature.is_empty());
    let h: JwsHeader = serde_json::from_slice(&j.header_json).unwrap();
    let e = SigAlg::from_jws_alg(&h.alg).unwrap_err();
    assert_eq!(e, Error::UnsupportedAlg { alg: "none".into() });
}

#[test]
fn strict_base64url_in_every_part() {
    let h = enc(r#"{"alg":"RS256"}"#);
    let p = enc(r#"{"a":1}"#); // 10 chars: would need padding
    let want = Error::InvalidJwt("bad base64url");
    for t in [
        format!("{h}=.{p}.AA"),
        format!("{h}.{p}==.AA"),
        format!("{h}.{p}.AA=="),
        format!("{h}.{p}.A+/A"),
        format!("{h}.{p}.A"),
        format!("{h} .{p}.AA"),
        format!("{h}.{p}.AA\n"),
    ] {
        assert_eq!(split_jws(&t).unwrap_err(), want, "{t}");
    }
}

#[test]
fn header_with_crit_and_typ() {
    let h: JwsHeader =
        serde_json::from_str(r#"{"alg":"ES256","typ":"JWT","crit":["exp"],"exp":1}"#).unwrap();
    assert_eq!(h.typ.as_deref(), Some("JWT"));
    assert_eq!(h.crit, Some(vec!["exp".to_string()]));
    assert!(serde_json::from_str::<JwsHeader>(r#"{"kid":"x"}"#).is_err());
}

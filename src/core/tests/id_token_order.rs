//! ID token checks run in OIDC Core §3.1.3.7 clause order: fixing one failure reveals the next.

use super::id_token::{expected, many, NOW};
use super::ISSUER;
use crate::core::{validate_id_token, Expected, IdTokenClaims};

#[test]
fn checks_run_in_clause_order() {
    let mut c = IdTokenClaims::default();
    let order = [
        "iss_mismatch",
        "aud_mismatch",
        "azp_mismatch",
        "missing_exp",
        "token_expired",
        "missing_iat",
        "iat_in_future",
        "nonce_mismatch",
        "missing_sub",
        "sub_mismatch",
    ];
    let e = Expected {
        sub: Some("someone-else"),
        ..expected()
    };
    let fixes: [&dyn Fn(&mut IdTokenClaims); 10] = [
        &|c| c.iss = Some(ISSUER.into()),
        &|c| c.aud = many(&["spa", "api"]),
        &|c| c.azp = Some("spa".into()),
        &|c| c.exp = Some(0.0),
        &|c| c.exp = Some((NOW + 60) as f64),
        &|c| c.iat = Some((NOW + 3600) as f64),
        &|c| c.iat = Some(NOW as f64),
        &|c| c.nonce = Some("n0nce".into()),
        &|c| c.sub = Some("user-1".into()),
        &|c| c.sub = Some("someone-else".into()),
    ];
    for (code, fix) in order.iter().zip(fixes) {
        assert_eq!(validate_id_token(&c, &e, NOW).unwrap_err().code(), *code);
        fix(&mut c);
    }
    assert_eq!(validate_id_token(&c, &e, NOW), Ok(()));
}

use crate::core::{
    client_credentials_request, validate_client_credentials_response, AccessToken,
    ClientCredentials, ClientSecret, Error, MachineToken, TokenResponse,
};

const NOW: u64 = 1_700_000_000;

fn creds() -> ClientCredentials {
    ClientCredentials {
        token_endpoint: "https://op.example.com/token".into(),
        client_id: "m2m odd".into(),
        client_secret: ClientSecret::new("p@ss:w%rd+ &=".into()),
        scope: Some("read:a write:b".into()),
        extra_params: vec![("audience".into(), "https://api.example.com".into())],
    }
}

#[test]
fn request_exact() {
    let r = client_credentials_request(&creds()).unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        ("POST", "https://op.example.com/token")
    );
    // By hand: enc("m2m odd") = "m2m%20odd", enc("p@ss:w%rd+ &=") = "p%40ss%3Aw%25rd%2B%20%26%3D";
    // base64("m2m%20odd:p%40ss%3Aw%25rd%2B%20%26%3D"), 36 bytes in 12 groups of 3:
    // "m2m" bTJt, "%20" JTIw, "odd" b2Rk, ":p%" OnAl, "40s" NDBz, "s%3" cyUz,
    // "Aw%" QXcl, "25r" MjVy, "d%2" ZCUy, "B%2" QiUy, "0%2" MCUy, "6%3" NiUz, then "D" RA==.
    assert_eq!(
        r.headers,
        vec![
            (
                "Authorization",
                "Basic bTJtJTIwb2RkOnAlNDBzcyUzQXclMjVyZCUyQiUyMCUyNiUzRA==".to_string()
            ),
            (
                "Content-Type",
                "application/x-www-form-urlencoded".to_string()
            ),
            ("Accept", "application/json".to_string()),
        ]
    );
    assert_eq!(
        r.body.as_deref(),
        Some("grant_type=client_credentials&scope=read%3Aa%20write%3Ab&audience=https%3A%2F%2Fapi.example.com")
    );
    let dbg = format!("{r:?} {:?}", creds());
    assert!(
        !dbg.contains("bTJt") && !dbg.contains("p@ss") && !dbg.contains("scope="),
        "{dbg}"
    );
}

#[test]
fn request_minimal_and_loopback() {
    let c = ClientCredentials {
        token_endpoint: "http://localhost:9000/token".into(),
        client_id: "a".into(),
        client_secret: ClientSecret::new("b".into()),
        scope: None,
        extra_params: vec![],
    };
    let r = client_credentials_request(&c).unwrap();
    // base64("a:b")
    assert_eq!(r.headers.first().unwrap().1, "Basic YTpi");
    assert_eq!(r.body.as_deref(), Some("grant_type=client_credentials"));
}

fn config_error(c: ClientCredentials) -> Error {
    let e = client_credentials_request(&c).unwrap_err();
    assert_eq!(e.code(), "invalid_config");
    e
}

#[test]
fn request_errors() {
    for endpoint in [
        "http://op.example.com/token",
        "/token",
        "",
        "https://op.example.com/token#f",
        "ftp://op.example.com/token",
        "https://user@op.example.com/token",
    ] {
        config_error(ClientCredentials {
            token_endpoint: endpoint.into(),
            ..creds()
        });
    }
    assert_eq!(
        config_error(ClientCredentials {
            client_id: String::new(),
            ..creds()
        }),
        Error::InvalidConfig("clientId must not be empty")
    );
    assert_eq!(
        config_error(ClientCredentials {
            client_secret: ClientSecret::new(String::new()),
            ..creds()
        }),
        Error::InvalidConfig("clientSecret must not be empty")
    );
    for key in ["grant_type", "scope", "client_secret"] {
        config_error(ClientCredentials {
            extra_params: vec![(key.into(), "x".into())],
            ..creds()
        });
    }
}

fn body(json: &str) -> TokenResponse {
    serde_json::from_str(json).unwrap()
}

#[test]
fn response_ok() {
    let b = body(
        r#"{"access_token":"m2m-at","token_type":"bearer","expires_in":86400,"scope":"read:a","refresh_token":"ignored"}"#,
    );
    assert_eq!(
        validate_client_credentials_response(200, Some(&b), NOW),
        Ok(MachineToken {
            access_token: AccessToken::new("m2m-at".into()),
            token_type: "Bearer".into(),
            expires_at: Some(NOW + 86400),
            scope: Some("read:a".into()),
        })
    );
    // No ID token needed, no expiry given.
    let b = body(r#"{"access_token":"x","token_type":"Bearer"}"#);
    let t = validate_client_credentials_response(200, Some(&b), NOW).unwrap();
    assert_eq!((t.expires_at, t.scope), (None, None));
}

#[test]
fn response_errors() {
    let code = |status: u16, json: Option<&str>| {
        let b = json.map(body);
        validate_client_credentials_response(status, b.as_ref(), NOW)
            .unwrap_err()
            .code()
    };
    assert_eq!(
        code(
            401,
            Some(r#"{"error":"invalid_client","error_description":"bad secret"}"#)
        ),
        "oauth_error"
    );
    assert_eq!(code(500, None), "http_error");
    assert_eq!(code(200, None), "invalid_response");
    assert_eq!(
        code(200, Some(r#"{"error":"invalid_scope"}"#)),
        "oauth_error"
    );
    assert_eq!(
        code(200, Some(r#"{"token_type":"Bearer"}"#)),
        "invalid_response"
    );
    assert_eq!(
        code(200, Some(r#"{"access_token":"x","token_type":"mac"}"#)),
        "invalid_token_type"
    );
    assert_eq!(
        code(200, Some(r#"{"access_token":"x"}"#)),
        "invalid_token_type"
    );
    assert_eq!(
        code(
            200,
            Some(r#"{"access_token":"x","token_type":"Bearer","expires_in":-1}"#)
        ),
        "invalid_response"
    );
    let b = body(r#"{"error":"invalid_client","error_description":"bad secret"}"#);
    assert_eq!(
        validate_client_credentials_response(400, Some(&b), NOW),
        Err(Error::OAuth {
            error: "invalid_client".into(),
            error_description: Some("bad secret".into())
        })
    );
}

#[test]
fn client_secret_is_redacted_and_transparent() {
    let s = ClientSecret::new("s3cret".into());
    assert_eq!(format!("{s:?}"), "[redacted]");
    assert_eq!(s.secret(), "s3cret");
    assert_eq!(serde_json::to_string(&s).unwrap(), "\"s3cret\"");
    let back: ClientSecret = serde_json::from_str("\"s3cret\"").unwrap();
    assert_eq!(back, s);
}

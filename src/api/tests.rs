//! The options tables: unknown keys and wrong types refused with their messages,
//! `undefined`/`null` read as not given.

use crate::api::options::{decode_client_options, decode_popup_options, decode_signin_options};
use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn object(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn message(error: JsValue) -> (String, String) {
    let code = Reflect::get(&error, &"code".into()).unwrap();
    let message = Reflect::get(&error, &"message".into()).unwrap();
    (code.as_string().unwrap(), message.as_string().unwrap())
}

fn refused(json: &str) -> String {
    let error = decode_client_options(object(json)).err().expect(json);
    let (code, message) = message(error);
    assert_eq!(code, "invalid_config", "{json}");
    message
}

#[wasm_bindgen_test]
fn client_options_refuse_unknown_keys_and_wrong_types() {
    assert_eq!(refused("5"), "invalid options: expected an options object");
    assert_eq!(refused("[]"), "invalid options: expected an options object");
    assert_eq!(
        refused(r#"{"clientID":"x"}"#),
        "invalid options: unknown option clientID"
    );
    let cases = [
        (r#"{"clientId":5}"#, "clientId must be a string"),
        (r#"{"dpop":"yes"}"#, "dpop must be true or false"),
        (r#"{"clockSkewSeconds":-1}"#, "clockSkewSeconds must be a whole number >= 0"),
        (r#"{"clockSkewSeconds":1.5}"#, "clockSkewSeconds must be a whole number >= 0"),
        (r#"{"silentTimeoutMs":"9"}"#, "silentTimeoutMs must be a whole number >= 0"),
        (r#"{"silentTimeoutMs":0}"#, "silentTimeoutMs must be between 1 and 600000 (milliseconds)"),
        (r#"{"requestTimeoutMs":600001}"#, "requestTimeoutMs must be between 1 and 600000 (milliseconds)"),
        (r#"{"extraAuthorizeParams":{"a":1}}"#, "extraAuthorizeParams must be an object of strings"),
        (r#"{"extraAuthorizeParams":"a=1"}"#, "extraAuthorizeParams must be an object of strings"),
        (r#"{"metadata":{"issuer":"x"}}"#, "metadata must be an object with issuer, authorization_endpoint, token_endpoint and jwks_uri"),
    ];
    for (json, detail) in cases {
        assert_eq!(refused(json), format!("invalid options: {detail}"));
    }
}

#[wasm_bindgen_test]
fn null_is_not_given_and_defaults_apply() {
    let options = decode_client_options(object(
        r#"{"clientId":null,"dpop":null,"silentTimeoutMs":null,"extraAuthorizeParams":null,"metadata":null}"#,
    ))
    .ok()
    .unwrap();
    let shell = options.shell();
    assert!(shell.automatic_silent_renew && !shell.dpop && !shell.load_user_info);
    assert_eq!(shell.silent_timeout_ms, 10_000);
    assert_eq!(shell.request_timeout_ms, 10_000);
    assert_eq!(shell.renew_before_expiry_s, 60);
    assert!(options.metadata.is_none() && options.authority.is_none());
}

#[wasm_bindgen_test]
fn signin_and_popup_options_read_their_own_tables() {
    let signin = decode_signin_options(Some(
        object(r#"{"appState":null,"prompt":"login","extraParams":{"ui_locales":"de"}}"#)
            .unchecked_into::<Object>(),
    ))
    .ok()
    .unwrap();
    assert_eq!(signin.app_state.as_deref(), Some("null"));
    assert_eq!(signin.prompt.as_deref(), Some("login"));
    assert_eq!(
        signin.extra_params,
        vec![("ui_locales".into(), "de".into())]
    );
    let timeout = r#"{"timeoutMs":5}"#;
    let error = decode_signin_options(Some(object(timeout).unchecked_into()))
        .err()
        .unwrap();
    assert_eq!(
        message(error).1,
        "invalid options: unknown option timeoutMs"
    );
    let (popup, timeout_ms) = decode_popup_options(Some(
        object(r#"{"popupRedirectUri":"https://app.example/p","timeoutMs":5}"#).unchecked_into(),
    ))
    .ok()
    .unwrap();
    assert_eq!(popup.redirect_uri.as_deref(), Some("https://app.example/p"));
    assert_eq!(timeout_ms, 5);
}

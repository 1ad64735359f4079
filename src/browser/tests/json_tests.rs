//! Provider JSON read from bytes (JWS header and payload): UTF-8 checked by our own
//! validator (core/utf8.rs) before `JSON.parse` sees it.

use crate::browser::js;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn json_from_bytes_reads_utf8_and_refuses_the_rest() {
    let value = js::parse_json_bytes(r#"{"name":"Zoë 日本 🦀"}"#.as_bytes()).expect("valid JSON");
    assert_eq!(
        js::string(&js::get(&value, "name")).as_deref(),
        Some("Zoë 日本 🦀")
    );
    for bad in [
        &b"{\"name\":\"\xff\"}"[..],
        b"{\"name\":\"\xc0\xaf\"}",     // overlong '/'
        b"{\"name\":\"\xed\xa0\x80\"}", // a surrogate
        b"{\"name\":\"\xe6\x97\"}",     // cut short
    ] {
        assert!(js::parse_json_bytes(bad).is_none(), "{bad:02x?}");
    }
    assert!(js::parse_json_bytes(b"{not json").is_none());
}
